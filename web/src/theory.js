// The mean-field theory of signal propagation (core/meanfield.hpp): the fixed points and depth
// scales at one (σ_w², σ_b²), and the critical line χ₁ = 1 that separates vanishing from
// exploding gradients. Inputs are checked here against the engine's own field table (the
// activation, its parameters, sigmaW2 and sigmaB2 are configuration fields); the engine
// checks them again and computes.
import { fromFault, typeError, rangeError, show } from './errors.js';
import { normalizeConfig, validateField, activationParams } from './schema.js';

// The query of the fields the theory reads: the activation, its parameters, σ_w², σ_b².
function thetaQuery(c) {
  return ['activation', ...activationParams(c.activation), 'sigmaW2', 'sigmaB2'].map((k) => `${k}=${c[k]}`).join('&');
}

function inputVarianceOf(v) {
  if (v === undefined) return 1;
  if (typeof v !== 'number') throw typeError('inputVariance', `expected a number, got ${show(v)}`);
  if (!Number.isFinite(v) || v < 0) throw rangeError('inputVariance', `${v} is not a finite number of 0 or more`);
  return v;  // the engine refuses values beyond its range, naming it
}

/**
 * q*, χ₁, c*, ξ_q and ξ_c for `{activation, sigmaW2, sigmaB2, ...activation parameters,
 * inputVariance}` (missing fields take their defaults). A quantity that does not exist there
 * is null: all of them where the variance grows without bound (phase "unbounded"), c* and
 * ξ_c where q* = 0. A depth scale is Infinity exactly at criticality.
 */
export function meanField(module, params = {}) {
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw typeError('params', `expected an object such as {activation: "tanh", sigmaW2: 1.5, sigmaB2: 0.05}, got ${show(params)}`);
  const { inputVariance, ...fields } = params;
  const iv = inputVarianceOf(inputVariance);
  const out = module.meanField(thetaQuery(normalizeConfig(fields)), iv);
  if (out === null) throw fromFault(module.takeFault());
  return Object.freeze(out);
}

/**
 * The critical σ_w² (χ₁ = 1) at each σ_b² of `sigmaB2`, null where there is none up to the
 * sigmaW2 field's maximum. `activation` is a name or a partial configuration holding the
 * activation and its parameters.
 */
export function criticalLine(module, activation, sigmaB2, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw typeError('options', `expected an object such as {inputVariance: 1}, got ${show(options)}`);
  const { inputVariance, ...rest } = options;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw typeError(`options.${String(unknown).slice(0, 64)}`, 'unknown option (allowed: inputVariance)');
  const c = normalizeConfig(typeof activation === 'string' ? { activation } : activation);
  if (!Array.isArray(sigmaB2) && !(sigmaB2 instanceof Float64Array) && !(sigmaB2 instanceof Float32Array))
    throw typeError('sigmaB2', `expected an array of numbers, got ${show(sigmaB2)}`);
  const values = Array.from(sigmaB2, (v, i) => {
    try {
      return validateField('sigmaB2', v);
    } catch (e) {
      throw (e instanceof TypeError ? typeError : rangeError)(`sigmaB2[${i}]`, e.message.replace(/^sigmaB2: /, ''));
    }
  });
  const out = module.criticalLine(thetaQuery(c), values, inputVarianceOf(inputVariance));
  if (out === null) throw fromFault(module.takeFault());
  return out;
}
