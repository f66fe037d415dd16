// The hostile values both fuzz suites plant into otherwise valid arguments: special numbers,
// awkward strings, BigInt, deep, cyclic and throwing objects, Proxies, prototype keys. Each suite
// names the fields its entry points read (so getters and cycles sit where they are looked at)
// and adds the values specific to its domain.
import fc from 'fast-check';

/** Thrown by the fuzzer's own getters, Proxies, clocks and sources: a caller's error, allowed to pass through. */
export class FuzzError extends Error {}

/** What a suite adds: the fields its code reads, and extra numbers, strings and values to try. */
export interface HostileDomain {
  /** A valid-looking object that deep and cyclic values wrap (e.g. `{ fixed: 1 }`). */
  readonly seed: Readonly<Record<string, unknown>>;
  /** Fields that throwing getters are put on, and dictionary keys are drawn from. */
  readonly fields: readonly string[];
  readonly numbers: readonly number[];
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

/** A path to a node of a plain value. */
export type Path = readonly PropertyKey[];

/** The paths of every leaf and node of a plain value (the places a hostile value can go). */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (typeof value === 'object' && value !== null && prefix.length < 6) {
    for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  }
  return out;
}

/** A copy of `value` with the node at `path` replaced; a path through a non-object leaf plants on a fresh object. */
export function plant(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [PropertyKey, ...PropertyKey[]];
  const base: object = typeof value === 'object' && value !== null ? value : {};
  const copy: Record<PropertyKey, unknown> = Array.isArray(base) ? ([...base] as unknown as Record<PropertyKey, unknown>) : { ...base };
  Object.defineProperty(copy, head, { value: plant((base as Record<PropertyKey, unknown>)[head], rest, replacement), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A Proxy whose every read throws (symbols, toJSON and then read as absent). */
export function hostileProxy(): unknown {
  return new Proxy(
    {},
    {
      get(_target, key) {
        // Symbols (fast-check's clone and print hooks, Symbol.iterator) and toJSON read as absent.
        if (typeof key === 'symbol' || key === 'toJSON' || key === 'then') return undefined;
        throw new FuzzError('proxy get');
      },
      ownKeys() {
        throw new FuzzError('proxy ownKeys');
      },
      has(_target, key) {
        if (typeof key === 'symbol') return false;
        throw new FuzzError('proxy has');
      },
      getOwnPropertyDescriptor() {
        throw new FuzzError('proxy descriptor');
      },
    },
  );
}

const COMMON_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1e308, 2 ** 53 + 1, 2 ** 53, -1, 0.5, 1e-300, Number.MAX_SAFE_INTEGER, 1e15];
const COMMON_STRINGS = ['', ' ', '\uD800', '\uDFFF\uD800', '__proto__', 'constructor', 'toString', 'NaN', 'Infinity', '-0', '1e400', '0x10', '9'.repeat(5000)];
const COMMON_VALUES: readonly unknown[] = [null, undefined, true, false, Symbol('fuzz'), () => 1, new Date(Number.NaN), new Date('2026-06-01T00:00:00Z'), [], {}, [[[]]]];

/** The hostile values of a domain, and `mutated(valid)`: a valid example with one node made hostile. */
export function hostileKit(domain: HostileDomain): {
  readonly hostile: fc.Arbitrary<unknown>;
  /** The single values (numbers, strings, BigInt, odd objects), without nesting. */
  readonly atoms: fc.Arbitrary<unknown>;
  readonly mutated: (valid: unknown) => fc.Arbitrary<unknown>;
  /** An object whose domain fields throw when read. */
  readonly throwingGetter: () => unknown;
} {
  const deep = (levels: number): unknown => {
    let value: unknown = { ...domain.seed };
    for (let index = 0; index < levels; index += 1) value = { a: value, b: [value] };
    return value;
  };
  const cyclic = (): unknown => {
    const value: Record<string, unknown> = { ...domain.seed };
    value['self'] = value;
    return value;
  };
  const throwingGetter = (): unknown => {
    const getter = {
      enumerable: true,
      get: () => {
        throw new FuzzError('getter');
      },
    };
    return Object.defineProperties({}, Object.fromEntries(domain.fields.map((field) => [field, getter])));
  };
  const atoms = fc.oneof(
    fc.constantFrom(...COMMON_NUMBERS, ...domain.numbers),
    fc.oneof(fc.constantFrom(...COMMON_STRINGS, ...domain.strings), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constant('x'.repeat(200_000))),
    fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
    fc.constantFrom(...COMMON_VALUES, ...domain.values),
    fc.double(),
    fc.integer(),
  );
  const hostile: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: atoms },
    {
      weight: 1,
      arbitrary: fc.constantFrom('deep', 'cyclic', 'getter', 'proxy', 'proto', 'protoArray').map((kind) => {
        switch (kind) {
          case 'deep':
            return deep(2000);
          case 'cyclic':
            return cyclic();
          case 'getter':
            return throwingGetter();
          case 'proxy':
            return hostileProxy();
          case 'proto':
            return JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as unknown;
          default:
            return JSON.parse('[{"__proto__": {"polluted": 1}}]') as unknown;
        }
      }),
    },
    { weight: 1, arbitrary: fc.array(atoms, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'x', ...domain.fields), atoms, { maxKeys: 3 }) },
  );
  const mutated = (valid: unknown): fc.Arbitrary<unknown> => {
    const paths = pathsOf(valid);
    return fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...paths), hostile).map(([path, value]) => plant(valid, path, value)) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...paths), fc.constantFrom('__proto__', 'constructor', 'extra'), hostile).map(([path, key, value]) => plant(valid, [...path, key], value)) },
      { weight: 1, arbitrary: fc.constant(valid) },
      { weight: 1, arbitrary: hostile },
    );
  };
  return { hostile, atoms, mutated, throwingGetter };
}
