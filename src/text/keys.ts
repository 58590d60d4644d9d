// Key ids: analysed texts hold key ids instead of key strings, so they are compact and compared without strings.
// A key space gives each key met an id (0, 1, 2, ... in the order met) and names each id.

/** Key ids of some analysed texts: the id a key has in them, or -1 if none holds it, and how many ids there are. */
export interface KeySpace {
  keyId(key: string): number;
  keyCount(): number;
}

/** Key ids that can take in new keys (appended). */
export interface OpenKeySpace extends KeySpace {
  /** The key's id, given one if it has none yet. */
  idFor(key: string): number;
  /** Key names by id (grows as keys are added; texts of this space hold it). */
  names: string[];
}

/** A key space holding `names` (by id) so far. */
export function openKeySpace(names: string[] = []): OpenKeySpace {
  const idOf = new Map<string, number>();
  for (let id = 0; id < names.length; id++) idOf.set(names[id]!, id);
  return {
    names,
    keyId: (key) => idOf.get(key) ?? -1,
    keyCount: () => names.length,
    idFor(key) {
      let id = idOf.get(key);
      if (id === undefined) {
        id = names.length;
        names.push(key);
        idOf.set(key, id);
      }
      return id;
    },
  };
}
