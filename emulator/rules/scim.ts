/**
 * SCIM filters on collections (RFC 7644 §3.4.2.2, the subset PingOne documents): `attr eq "v"`, `attr sw "v"`,
 * `and`, `or`, parentheses and value paths such as `memberOfGroups[id eq "…"]`, in the form PingOne's own clients
 * build them (`((username eq "alice") or (email eq "bob@example.com"))`). String comparison ignores case, as SCIM's
 * default `caseExact: false`. Which attributes and operators a collection accepts is its own table.
 */
import { ApiError, MESSAGES, shown } from "../errors";

/** An attribute of a collection item: a scalar, or a list of sub-objects filtered with `attr[…]`. */
export type FilterAttribute<T> =
  | { value: (item: T) => string | boolean | undefined }
  | { each: (item: T) => Record<string, string>[]; attributes: string[] };

export interface FilterGrammar<T> {
  /** Attribute names as PingOne spells them (matched without regard to case). */
  attributes: Record<string, FilterAttribute<T>>;
  /** The comparison operators the collection accepts. */
  operators: ("eq" | "sw")[];
  /** The logical operators the collection accepts. */
  logical: ("and" | "or")[];
}

type Node =
  | { kind: "cmp"; attr: string; op: string; value: string | boolean }
  | { kind: "path"; attr: string; inner: Node }
  | { kind: "and" | "or"; left: Node; right: Node };

type Token = { t: "(" | ")" | "[" | "]" } | { t: "word"; v: string } | { t: "string"; v: string };

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if ("()[]".includes(ch)) {
      out.push({ t: ch as "(" | ")" | "[" | "]" });
      i += 1;
    } else if (ch === '"') {
      let v = "";
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i += 1;
        v += text[i];
        i += 1;
      }
      if (i >= text.length) return "an unterminated string";
      i += 1;
      out.push({ t: "string", v });
    } else {
      const m = /^[^\s()[\]"]+/.exec(text.slice(i))!;
      out.push({ t: "word", v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly logical: string[],
  ) {}

  parse(): Node {
    const node = this.expression();
    if (this.pos < this.tokens.length) throw new SyntaxError(`unexpected ${this.describe(this.tokens[this.pos])}`);
    return node;
  }

  private describe(t: Token | undefined): string {
    if (!t) return "end of filter";
    return t.t === "word" ? `"${t.v}"` : t.t === "string" ? `string "${t.v}"` : `"${t.t}"`;
  }

  private keyword(name: string): boolean {
    const t = this.tokens[this.pos];
    if (t?.t === "word" && t.v.toLowerCase() === name) {
      if (!this.logical.includes(name)) throw new SyntaxError(`the logical operator "${name}" is not supported here`);
      this.pos += 1;
      return true;
    }
    return false;
  }

  private expression(): Node {
    let left = this.conjunction();
    while (this.keyword("or")) left = { kind: "or", left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Node {
    let left = this.factor();
    while (this.keyword("and")) left = { kind: "and", left, right: this.factor() };
    return left;
  }

  private expect(t: "(" | ")" | "[" | "]"): void {
    if (this.tokens[this.pos]?.t !== t)
      throw new SyntaxError(`expected "${t}", found ${this.describe(this.tokens[this.pos])}`);
    this.pos += 1;
  }

  private factor(): Node {
    const t = this.tokens[this.pos];
    if (t?.t === "(") {
      this.pos += 1;
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (t?.t !== "word") throw new SyntaxError(`expected an attribute, found ${this.describe(t)}`);
    this.pos += 1;
    if (this.tokens[this.pos]?.t === "[") {
      this.pos += 1;
      const inner = this.expression();
      this.expect("]");
      return { kind: "path", attr: t.v, inner };
    }
    const op = this.tokens[this.pos];
    if (op?.t !== "word") throw new SyntaxError(`expected an operator after "${t.v}", found ${this.describe(op)}`);
    this.pos += 1;
    const value = this.tokens[this.pos];
    this.pos += 1;
    if (value?.t === "string") return { kind: "cmp", attr: t.v, op: op.v.toLowerCase(), value: value.v };
    if (value?.t === "word" && /^(true|false)$/i.test(value.v))
      return { kind: "cmp", attr: t.v, op: op.v.toLowerCase(), value: value.v.toLowerCase() === "true" };
    throw new SyntaxError(
      `expected a quoted value or true/false after "${t.v} ${op.v}", found ${this.describe(value)}`,
    );
  }
}

function invalidFilter(raw: string, reason: string, grammar: FilterGrammar<never>): ApiError {
  const attributes = Object.entries(grammar.attributes)
    .map(([name, a]) => ("each" in a ? `${name}[${a.attributes.join("|")}]` : name))
    .join(", ");
  return new ApiError(400, "INVALID_DATA", MESSAGES.INVALID_DATA, [
    {
      code: "INVALID_FILTER",
      target: "filter",
      message: `Unsupported filter ${shown(raw)}: ${reason}; supported: attributes ${attributes}; operators ${grammar.operators.join(", ")}; ${grammar.logical.join(", ")} and parentheses`,
    },
  ]);
}

function lookup<V>(table: Record<string, V>, name: string): V | undefined {
  const key = Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : table[key];
}

function compare(actual: string | boolean | undefined, op: string, expected: string | boolean): boolean {
  if (actual === undefined) return false;
  if (typeof actual === "boolean" || typeof expected === "boolean") return op === "eq" && actual === expected;
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  return op === "eq" ? a === e : a.startsWith(e);
}

/** A predicate for the `filter` query parameter (undefined without one), or PingOne's 400 `INVALID_FILTER`. */
export function compileFilter<T>(raw: string | null, grammar: FilterGrammar<T>): ((item: T) => boolean) | undefined {
  if (raw === null) return undefined;
  const fail = (reason: string) => invalidFilter(raw, reason, grammar as unknown as FilterGrammar<never>);
  const tokens = tokenize(raw);
  if (typeof tokens === "string") throw fail(tokens);
  if (tokens.length === 0) throw fail("the filter is empty");
  let tree: Node;
  try {
    tree = new Parser(tokens, grammar.logical).parse();
  } catch (err) {
    if (err instanceof SyntaxError) throw fail(err.message);
    throw err;
  }

  // Resolve every attribute and operator once, so an unknown one fails even if never evaluated.
  const checkOp = (op: string) => {
    if (!(grammar.operators as string[]).includes(op)) throw fail(`the operator "${op}" is not supported here`);
  };
  const build = (node: Node): ((item: T) => boolean) => {
    switch (node.kind) {
      case "and": {
        const [l, r] = [build(node.left), build(node.right)];
        return (item) => l(item) && r(item);
      }
      case "or": {
        const [l, r] = [build(node.left), build(node.right)];
        return (item) => l(item) || r(item);
      }
      case "cmp": {
        const attr = lookup(grammar.attributes, node.attr);
        if (!attr || !("value" in attr)) throw fail(`unknown attribute "${node.attr}"`);
        checkOp(node.op);
        return (item) => compare(attr.value(item), node.op, node.value);
      }
      case "path": {
        const attr = lookup(grammar.attributes, node.attr);
        if (!attr || !("each" in attr)) throw fail(`"${node.attr}" cannot be filtered with [ ]`);
        const inner = buildInner(node.inner, attr.attributes);
        return (item) => attr.each(item).some(inner);
      }
    }
  };
  const buildInner = (node: Node, names: string[]): ((sub: Record<string, string>) => boolean) => {
    if (node.kind === "path") throw fail(`nested [ ] inside "${node.attr}" is not supported`);
    if (node.kind !== "cmp") {
      const [l, r] = [buildInner(node.left, names), buildInner(node.right, names)];
      return node.kind === "and" ? (s) => l(s) && r(s) : (s) => l(s) || r(s);
    }
    const name = names.find((n) => n.toLowerCase() === node.attr.toLowerCase());
    if (!name) throw fail(`unknown attribute "${node.attr}" inside [ ]`);
    checkOp(node.op);
    return (sub) => compare(sub[name], node.op, node.value);
  };
  return build(tree);
}
