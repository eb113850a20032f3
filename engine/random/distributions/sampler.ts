/**
 * A draw from a distribution: call it once per variate. A sampler owns whatever state its method
 * needs (a spare normal, an alias table), built once by its factory, and allocates nothing per draw.
 */
export type Sampler = () => number;
