// Display names of settings and input features, as the engine's schema export gives them
// (field `label`, `features[f].label`): the page shows them, it never keeps its own copy.
import { getField, schema } from '../../src/common.js';

/** "Learning rate" for learningRate; the name itself for a field without a label. */
export const fieldLabel = (name) => getField(name)?.label ?? name;

/** "x₁" for x1, "sin x₁" for sinx1; the name itself for a feature without a label. */
export const featureLabel = (name) => schema.features?.[name]?.label ?? name;
