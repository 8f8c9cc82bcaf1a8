package org.mmu.internal.indexfirst;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.mmu.core.Column;
import org.mmu.core.ColumnSpec;
import org.mmu.core.DType;
import org.mmu.core.MmuInputException;
import org.mmu.core.RowBatch;
import org.mmu.core.Schema;

/**
 * A {@code --where} filter on index columns, applied as the index is read, before matching:
 * filtered-out objects are never matched nor fetched. The language ({@code docs/user-guide.md},
 * "Growing a dataset"):
 *
 * <pre>
 *   expr    := expr OR expr | expr AND expr | NOT expr | ( expr ) | test
 *   test    := column op value | column [NOT] BETWEEN value AND value
 *            | column [NOT] IN ( value, ... ) | column IS [NOT] NULL
 *   op      := &lt; | &lt;= | &gt; | &gt;= | = | != | &lt;&gt;
 *   value   := number | 'string' | TRUE | FALSE
 * </pre>
 *
 * Keywords are case-insensitive; NOT binds tighter than AND, AND tighter than OR. A null value
 * satisfies only {@code IS NULL} (comparisons with null are unknown, as in SQL, and unknown rows
 * are dropped, also under NOT). Immutable; {@link #keep} is thread-safe.
 */
public final class IndexFilter {
    private final String text;
    private final Node root;
    private final Set<String> columns;

    private IndexFilter(String text, Node root, Set<String> columns) {
        this.text = text;
        this.root = root;
        this.columns = columns;
    }

    /**
     * Parses an expression over the given columns; an error gives the position, the token and
     * (for an unknown column or a wrong literal type) the column.
     */
    public static IndexFilter parse(String text, Schema columns) {
        Parser p = new Parser(text, columns);
        Node n = p.or();
        if (p.peek().kind != Kind.END) {
            throw p.error(p.peek(), "expected AND, OR or the end of the expression");
        }
        return new IndexFilter(text, n, Set.copyOf(p.used));
    }

    /** Checks only the syntax (column names are checked when the dataset is opened). */
    public static void checkSyntax(String text) {
        Parser p = new Parser(text, null);
        p.or();
        if (p.peek().kind != Kind.END) {
            throw p.error(p.peek(), "expected AND, OR or the end of the expression");
        }
    }

    /** The expression as given. */
    public String text() {
        return text;
    }

    /** Columns the expression reads. */
    public Set<String> columns() {
        return columns;
    }

    /** Which rows of a batch holding {@link #columns()} satisfy the expression. */
    public boolean[] keep(RowBatch batch) {
        byte[] v = root.eval(batch);
        boolean[] keep = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            keep[i] = v[i] == TRUE;
        }
        return keep;
    }

    @Override
    public String toString() {
        return text;
    }

    // three-valued logic, as SQL
    private static final byte FALSE = 0;
    private static final byte TRUE = 1;
    private static final byte UNKNOWN = 2;

    private interface Node {
        byte[] eval(RowBatch b);
    }

    private record Or(Node a, Node b) implements Node {
        public byte[] eval(RowBatch batch) {
            byte[] x = a.eval(batch);
            byte[] y = b.eval(batch);
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] == TRUE || y[i] == TRUE ? TRUE : x[i] == UNKNOWN || y[i] == UNKNOWN ? UNKNOWN : FALSE;
            }
            return x;
        }
    }

    private record And(Node a, Node b) implements Node {
        public byte[] eval(RowBatch batch) {
            byte[] x = a.eval(batch);
            byte[] y = b.eval(batch);
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] == FALSE || y[i] == FALSE ? FALSE : x[i] == UNKNOWN || y[i] == UNKNOWN ? UNKNOWN : TRUE;
            }
            return x;
        }
    }

    private record Not(Node a) implements Node {
        public byte[] eval(RowBatch batch) {
            byte[] x = a.eval(batch);
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] == UNKNOWN ? UNKNOWN : x[i] == TRUE ? FALSE : TRUE;
            }
            return x;
        }
    }

    private record IsNull(String column) implements Node {
        public byte[] eval(RowBatch batch) {
            Column c = batch.column(column);
            byte[] x = new byte[c.rows()];
            for (int i = 0; i < x.length; i++) {
                x[i] = c.isNull(i) ? TRUE : FALSE;
            }
            return x;
        }
    }

    /** {@code column op literal}, {@code IN} and {@code BETWEEN} reduce to sets of comparisons. */
    private record Compare(String column, DType type, String op, Object literal) implements Node {
        public byte[] eval(RowBatch batch) {
            Column c = batch.column(column);
            byte[] x = new byte[c.rows()];
            for (int i = 0; i < x.length; i++) {
                if (c.isNull(i)) {
                    x[i] = UNKNOWN;
                    continue;
                }
                int cmp;
                if (literal instanceof String s) {
                    cmp = c.getString(i).compareTo(s);
                } else if (literal instanceof Boolean bl) {
                    cmp = Boolean.compare(c.getBoolean(i), bl);
                } else if (type.isInteger() && literal instanceof Long l) {
                    cmp = Long.compare(c.getLong(i), l);
                } else {
                    double d = c.getDouble(i);
                    double l = ((Number) literal).doubleValue();
                    if (Double.isNaN(d)) {
                        x[i] = op.equals("!=") ? TRUE : FALSE; // NaN equals nothing, orders nowhere
                        continue;
                    }
                    cmp = Double.compare(d, l) == 0 || d == l ? 0 : d < l ? -1 : 1;
                }
                boolean t = switch (op) {
                    case "<" -> cmp < 0;
                    case "<=" -> cmp <= 0;
                    case ">" -> cmp > 0;
                    case ">=" -> cmp >= 0;
                    case "=" -> cmp == 0;
                    default -> cmp != 0;
                };
                x[i] = t ? TRUE : FALSE;
            }
            return x;
        }
    }

    private enum Kind { WORD, NUMBER, STRING, OP, LPAREN, RPAREN, COMMA, END }

    private record Token(Kind kind, String text, int pos) {
        boolean isWord(String w) {
            return kind == Kind.WORD && text.equalsIgnoreCase(w);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "between", "in", "is", "null", "true", "false");

    private static final class Parser {
        final String text;
        final Schema schema;
        final List<Token> tokens;
        final Set<String> used = new LinkedHashSet<>();
        int at;

        Parser(String text, Schema schema) {
            this.text = text;
            this.schema = schema;
            this.tokens = tokenize(text);
            if (tokens.size() == 1) {
                throw new MmuInputException("where: the expression is empty");
            }
        }

        Token peek() {
            return tokens.get(at);
        }

        Token next() {
            return tokens.get(at++);
        }

        MmuInputException error(Token t, String message) {
            String shown = t.kind == Kind.END ? "the end" : "'" + t.text + "'";
            return new MmuInputException("where: at position " + (t.pos + 1) + " (" + shown + "): " + message + "\n  "
                    + text + "\n  " + " ".repeat(t.pos) + "^");
        }

        Node or() {
            Node n = and();
            while (peek().isWord("or")) {
                next();
                n = new Or(n, and());
            }
            return n;
        }

        Node and() {
            Node n = not();
            while (peek().isWord("and")) {
                next();
                n = new And(n, not());
            }
            return n;
        }

        Node not() {
            if (peek().isWord("not")) {
                next();
                return new Not(not());
            }
            return primary();
        }

        Node primary() {
            Token t = next();
            if (t.kind == Kind.LPAREN) {
                Node n = or();
                expect(Kind.RPAREN, "expected ')'");
                return n;
            }
            if (t.kind != Kind.WORD || KEYWORDS.contains(t.text.toLowerCase(Locale.ROOT))) {
                throw error(t, "expected a column name");
            }
            String column = t.text;
            DType type = columnType(t);
            Token op = next();
            boolean negated = false;
            if (op.isWord("not")) {
                negated = true;
                op = next();
                if (!op.isWord("between") && !op.isWord("in")) {
                    throw error(op, "expected BETWEEN or IN after NOT");
                }
            }
            Node n;
            if (op.kind == Kind.OP) {
                String o = switch (op.text) {
                    case "==" -> "=";
                    case "<>" -> "!=";
                    default -> op.text;
                };
                n = new Compare(column, type, o, literal(column, type));
            } else if (op.isWord("between")) {
                Object lo = literal(column, type);
                Token and = next();
                if (!and.isWord("and")) {
                    throw error(and, "expected AND in '" + column + " BETWEEN low AND high'");
                }
                n = new And(new Compare(column, type, ">=", lo), new Compare(column, type, "<=", literal(column, type)));
            } else if (op.isWord("in")) {
                expect(Kind.LPAREN, "expected '(' after IN");
                n = new Compare(column, type, "=", literal(column, type));
                while (peek().kind == Kind.COMMA) {
                    next();
                    n = new Or(n, new Compare(column, type, "=", literal(column, type)));
                }
                expect(Kind.RPAREN, "expected ',' or ')' in the IN list");
            } else if (op.isWord("is")) {
                boolean not = peek().isWord("not");
                if (not) {
                    next();
                }
                Token nul = next();
                if (!nul.isWord("null")) {
                    throw error(nul, "expected NULL after IS" + (not ? " NOT" : ""));
                }
                n = not ? new Not(new IsNull(column)) : new IsNull(column);
            } else {
                throw error(op, "expected a comparison (<, <=, >, >=, =, !=), BETWEEN, IN or IS after column '"
                        + column + "'");
            }
            return negated ? new Not(n) : n;
        }

        DType columnType(Token t) {
            if (schema == null) {
                return DType.FLOAT64;
            }
            if (!schema.contains(t.text)) {
                throw error(t, "unknown column '" + t.text + "'; the index columns are " + schema.names()
                        + " (carry more with 'mmu index --index-columns')");
            }
            used.add(t.text);
            return schema.column(t.text).type();
        }

        Object literal(String column, DType type) {
            Token t = next();
            Object v;
            if (t.kind == Kind.NUMBER) {
                try {
                    v = t.text.matches("-?\\d+") ? (Object) Long.parseLong(t.text) : (Object) Double.parseDouble(t.text);
                } catch (NumberFormatException e) {
                    throw error(t, "not a number");
                }
            } else if (t.kind == Kind.STRING) {
                v = t.text;
            } else if (t.isWord("true") || t.isWord("false")) {
                v = Boolean.parseBoolean(t.text.toLowerCase(Locale.ROOT));
            } else {
                throw error(t, "expected a value (a number, a 'string', TRUE or FALSE) for column '" + column + "'");
            }
            if (schema != null) {
                boolean ok = type == DType.STRING ? v instanceof String
                        : type == DType.BOOL ? v instanceof Boolean : v instanceof Number;
                if (!ok) {
                    throw error(t, "column '" + column + "' is " + type.label() + "; this value is not");
                }
            }
            return v;
        }

        void expect(Kind kind, String message) {
            Token t = next();
            if (t.kind != kind) {
                throw error(t, message);
            }
        }

        List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == ',') {
                    out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i));
                    i++;
                } else if (c == '\'') {
                    StringBuilder b = new StringBuilder();
                    int j = i + 1;
                    while (true) {
                        if (j >= s.length()) {
                            throw error(new Token(Kind.STRING, s.substring(i), i), "unterminated string");
                        }
                        if (s.charAt(j) == '\'') {
                            if (j + 1 < s.length() && s.charAt(j + 1) == '\'') { // '' is a quote
                                b.append('\'');
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        b.append(s.charAt(j++));
                    }
                    out.add(new Token(Kind.STRING, b.toString(), i));
                    i = j + 1;
                } else if ("<>=!".indexOf(c) >= 0) {
                    String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                    String op = List.of("<=", ">=", "==", "!=", "<>").contains(two) ? two : String.valueOf(c);
                    if (op.equals("!")) {
                        throw error(new Token(Kind.OP, op, i), "'!' must be followed by '=' (or use NOT)");
                    }
                    out.add(new Token(Kind.OP, op, i));
                    i += op.length();
                } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.length()
                        && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                            || (s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E'))) {
                        j++;
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(i, j), i));
                    i = j;
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i + 1;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                        j++;
                    }
                    out.add(new Token(Kind.WORD, s.substring(i, j), i));
                    i = j;
                } else {
                    throw error(new Token(Kind.OP, String.valueOf(c), i), "unexpected character");
                }
            }
            out.add(new Token(Kind.END, "", s.length()));
            return out;
        }
    }

    /** The columns a filter may name: id, ra, dec and the dataset's {@link Manifest#indexColumns}. */
    public static Schema filterable(Manifest m) {
        List<ColumnSpec> cols = new ArrayList<>();
        for (String c : List.of(m.idColumn(), m.raColumn(), m.decColumn())) {
            cols.add(m.columns().column(c));
        }
        for (String c : m.indexColumns()) {
            cols.add(m.columns().column(c));
        }
        return Schema.of(cols);
    }
}
