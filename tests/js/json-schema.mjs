// A validator for the subset of JSON Schema (2020-12) that web/exercises/schema.json uses —
// type, const, enum, pattern, min/maxLength, minimum/maximum, min/maxItems, items,
// properties, required, additionalProperties: false, oneOf, local $ref with siblings — so
// the tests can hold the schema file and the checker to the same exercises without a
// dependency. Returns a list of problems ([] when valid).
export function validate(schema, value, root = schema, path = '') {
  const out = [];
  const fail = (msg) => out.push(`${path || '(root)'}: ${msg}`);
  if (schema.$ref) {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], root);
    out.push(...validate(target, value, root, path));
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (schema.type) {
    const ok = schema.type === 'integer' ? Number.isInteger(value) : schema.type === kind;
    if (!ok) return [...out, `${path || '(root)'}: expected ${schema.type}, got ${kind}`];
  }
  if ('const' in schema && value !== schema.const) fail(`expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) fail('not in enum');
  if (kind === 'string') {
    const n = [...value].length;
    if (schema.minLength !== undefined && n < schema.minLength) fail('too short');
    if (schema.maxLength !== undefined && n > schema.maxLength) fail('too long');
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (kind === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('below minimum');
    if (schema.maximum !== undefined && value > schema.maximum) fail('above maximum');
  }
  if (kind === 'array') {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail('too few items');
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail('too many items');
    if (schema.items) value.forEach((v, i) => out.push(...validate(schema.items, v, root, `${path}[${i}]`)));
  }
  if (kind === 'object') {
    for (const k of schema.required ?? []) if (!Object.hasOwn(value, k)) fail(`missing ${k}`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties && Object.hasOwn(schema.properties, k)) out.push(...validate(schema.properties[k], v, root, `${path}.${k}`));
      else if (schema.additionalProperties === false) fail(`unknown key ${k}`);
    }
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s) => validate(s, value, root, path).length === 0).length;
    if (passing !== 1) fail(`matches ${passing} of the oneOf branches (needs exactly 1)`);
  }
  return out;
}
