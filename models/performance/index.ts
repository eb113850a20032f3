/** The serving performance model: layouts, memory, step-time models, fluid capacity and calibration. */
export type { PerformanceModel } from './performance-model.js';
export * from './serving-layout.js';
export * from './memory.js';
export * from './roofline.js';
export * from './measured.js';
export * from './linear.js';
export * from './factory.js';
export * from './fluid-capacity.js';
export * from './frontier.js';
export * from './calibration-curves.js';
export * from './calibrate.js';
export * from './calibration-report.js';
export { nelderMead, type Minimum, type NelderMeadOptions } from './nelder-mead.js';
export * from './decode-span.js';
