// The mean-field theory of signal propagation (core/meanfield.hpp): the fixed points and depth
// scales at one (σ_w², σ_b²), and the critical line χ₁ = 1 that separates vanishing from
// exploding gradients. Inputs are checked here against the engine's own field table (the
// activation, its parameters, sigmaW2 and sigmaB2 are configuration fields); the engine
// checks them again and computes.
import { fromFault, typeError, rangeError, show, checkOptionKeys } from './errors.js';
import { normalizeConfig, validateField, activationParams, limits } from './schema.js';

// The query of the fields the theory reads: the activation, its parameters, σ_w², σ_b².
function thetaQuery(c) {
  return ['activation', ...activationParams(c.activation), 'sigmaW2', 'sigmaB2'].map((k) => `${k}=${c[k]}`).join('&');
}

function inputVarianceOf(v) {
  if (v === undefined) return 1;
  if (typeof v !== 'number') throw typeError('inputVariance', `expected a number, got ${show(v)}`);
  if (!(v >= 0 && v <= limits.maxInputVariance)) throw rangeError('inputVariance', `${v} is out of range (allowed 0 to ${limits.maxInputVariance})`);
  return v;
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
export function criticalLine(module, activation, sigmaB2, options) {
  const { inputVariance } = checkOptionKeys('options', options, ['inputVariance']);
  const c = normalizeConfig(typeof activation === 'string' ? { activation } : activation);
  if (!Array.isArray(sigmaB2) && !(sigmaB2 instanceof Float64Array) && !(sigmaB2 instanceof Float32Array))
    throw typeError('sigmaB2', `expected an array of numbers, got ${show(sigmaB2)}`);
  if (sigmaB2.length > limits.maxCriticalLinePoints)
    throw rangeError('sigmaB2', `${sigmaB2.length} values is too many (allowed at most ${limits.maxCriticalLinePoints})`);
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
