/**
 * A refusal or failure that the interface puts into words, in the user's language. `key` names
 * a message of public/_locales (the interface's `t()` only takes real message names, so a
 * missing translation does not compile); `params` fill its placeholders in order, each a plain
 * text (a number, a path, an id) or a nested problem (the detail of a refusal).
 */
export interface Problem<K extends string = string> {
  key: K;
  params: ReadonlyArray<string | Problem<K>>;
}

export function problem<K extends string>(key: K, ...params: Array<string | Problem<K>>): Problem<K> {
  return { key, params };
}

/** `backup_invalid(events[4].id, event id malformed)`: for logs and thrown errors, not for users. */
export function problemDebugText(p: Problem): string {
  const params = p.params.map((x) => (typeof x === 'string' ? x : problemDebugText(x)));
  return params.length === 0 ? p.key : `${p.key}(${params.join(', ')})`;
}
