import { ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';

/** One thing wrong with an input: where (`content.text`) and what. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export type ContractCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/**
 * class-validator looks up a class's rules by scanning every rule of every decorated class on each validation
 * (typestack/class-validator#2686), which made the lookup a third of the cost of checking an event. A class's rules
 * are all registered when the class is defined, before anything can validate it, so the answer for a class and a
 * set of options never changes: it is remembered, and so is its grouping by property, which class-validator also
 * builds again for every object it validates. The key is built without JSON for the options Herald uses (no groups):
 * it is made for every nested object of every event. Twenty proposed the same (twentyhq/twenty#24085);
 * validation.spec.ts fails when the methods wrapped here, or their caller, change.
 */
function rememberValidationRules(): void {
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const remembered = new WeakMap<object, Map<string, ReturnType<typeof lookUp>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = groups?.length
      ? JSON.stringify([schema, always, strictGroups, groups])
      : `${always ? 'a' : '-'}${strictGroups ? 's' : '-'}${schema === undefined ? '' : `:${schema}`}`;
    let byOptions = remembered.get(target);
    if (!byOptions) remembered.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  const group = storage.groupByPropertyName.bind(storage);
  const grouped = new WeakMap<ReturnType<typeof lookUp>, ReturnType<typeof group>>();
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = group(rules)));
    return byProperty;
  };
}
rememberValidationRules();

/**
 * The one way Herald checks an input against a contract class, over HTTP and over Kafka alike: unknown fields
 * and wrong JSON types are problems, nothing is coerced. `unknownFields: 'ignore'` is for payloads another party
 * defines and extends (WhatsApp's webhooks): only the fields the contract names are checked.
 */
export function checkContract<T extends object>(
  contract: ClassConstructor<T>,
  input: unknown,
  options: { unknownFields?: 'refuse' | 'ignore' } = {},
): ContractCheck<T> {
  const refuseUnknown = options.unknownFields !== 'ignore';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '', problem: 'must be a JSON object' }] };
  }
  const scan = scanInput(input);
  if (scan === 'too_deep') {
    return { ok: false, problems: [{ field: '', problem: `must not nest objects and arrays more than ${MAX_INPUT_DEPTH} levels deep` }] };
  }
  if (scan === 'unstorable') return { ok: false, problems: unstorableText(input) };
  const value = plainToInstance(contract, input, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: refuseUnknown,
    forbidNonWhitelisted: refuseUnknown,
    forbidUnknownValues: true,
    // One problem per field, the first that applies: decorators are listed most specific first, type check last.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  return errors.length === 0 ? { ok: true, value } : { ok: false, problems: flattenValidationErrors(errors) };
}

/** A NUL, or half of a surrogate pair: JSON carries them, PostgreSQL's text and jsonb refuse them, WhatsApp has no use for them. */
const UNSTORABLE = /[\0\p{Cs}]/u;

/**
 * How deeply objects and arrays may nest in an input. Herald's deepest contract, a template message inside its
 * event, nests about ten levels; an input far deeper is a probe, and a recursive walk of it (class-transformer's, or
 * the error listing's) would exhaust the stack and answer 500.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Whether an input nests deeper than MAX_INPUT_DEPTH, or holds a string, key included, that the database could not
 * store. Every event is asked, and the answer is nearly always neither: it is found without recursion, without
 * building a field name or a list, in one pass over every value.
 */
function scanInput(input: object): 'ok' | 'too_deep' | 'unstorable' {
  const objects: object[] = [input];
  const depths: number[] = [1];
  let unstorable = false;
  while (objects.length > 0) {
    const object = objects.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth > MAX_INPUT_DEPTH) return 'too_deep';
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (UNSTORABLE.test(key)) unstorable = true;
      if (typeof value === 'string') {
        if (UNSTORABLE.test(value)) unstorable = true;
      } else if (typeof value === 'object' && value !== null) {
        objects.push(value);
        depths.push(depth + 1);
      }
    }
  }
  return unstorable ? 'unstorable' : 'ok';
}

/**
 * Every string of an input, keys included, that the database could not store: such a message passed every
 * contract, failed its ledger INSERT, and its client heard 503 and "retry later" instead of what is wrong. Only
 * asked of an input scanInput found no deeper than MAX_INPUT_DEPTH.
 */
function unstorableText(input: unknown, parent = ''): FieldProblem[] {
  if (typeof input === 'string') {
    return UNSTORABLE.test(input) ? [{ field: parent, problem: 'must not contain NUL characters or unpaired surrogates' }] : [];
  }
  if (typeof input !== 'object' || input === null) return [];
  return Object.entries(input).flatMap(([key, value]) => {
    const field = parent ? `${parent}.${key}` : key;
    return UNSTORABLE.test(key) ? [{ field, problem: 'must be a name without NUL characters or unpaired surrogates' }] : unstorableText(value, field);
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
