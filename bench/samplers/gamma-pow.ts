// Reference for `npm run bench -- samplers`: engine/random/distributions/gamma.ts as it was before
// the boost U^(1/k) became exp(ln U / k), i.e. the same Marsaglia–Tsang sampler with Math.pow for
// the boost. Everything else is the engine's code, line for line, so the two differ only there.
// The normal is a parameter (default: the engine's ziggurat) so the benchmark can also time the
// sampler as it was before all three changes (seedrandom's closure, polar normals, Math.pow).
import type { RandomSource } from '../../engine/random/random-source.js';
import { standardNormal } from '../../engine/random/distributions/normal.js';
import type { Sampler } from '../../engine/random/distributions/sampler.js';

/** Gamma(shape, scale) by Marsaglia and Tsang, boosted by Math.pow(U, 1/k) for shape < 1. */
export function gammaPow(source: RandomSource, shape: number, scale: number, normalFactory: (source: RandomSource) => Sampler = standardNormal): Sampler {
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const dScale = d * scale;
  const inverseShape = 1 / shape;
  const z = normalFactory(source);
  return () => {
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = z();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = source.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    return boosted ? dScale * v * Math.pow(1 - source.next(), inverseShape) : dScale * v;
  };
}

/** gammaFromMeanCv with the Math.pow boost: shape 1/cv², scale mean·cv². */
export function gammaPowFromMeanCv(source: RandomSource, mean: number, cv: number, normalFactory?: (source: RandomSource) => Sampler): Sampler {
  const cv2 = cv * cv;
  return gammaPow(source, 1 / cv2, mean * cv2, normalFactory);
}
