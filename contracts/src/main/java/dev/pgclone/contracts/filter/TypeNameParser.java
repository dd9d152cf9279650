package dev.pgclone.contracts.filter;

import dev.pgclone.contracts.filter.RowFilter.TypeRef;
import dev.pgclone.contracts.filter.RowFilterLexer.Kind;
import dev.pgclone.contracts.filter.RowFilterLexer.Token;
import java.util.List;
import java.util.Locale;

/**
 * {@code Typename} of PostgreSQL's grammar, for casts, typed literals and column definition lists: the SQL spellings
 * ({@code double precision}, {@code character varying(10)}, {@code timestamp(3) with time zone}, {@code interval day
 * to second}) mapped to catalog names, qualified and quoted names, type modifiers and array bounds. Every type is
 * recorded.
 */
final class TypeNameParser extends FilterGrammar {

    TypeNameParser(State state) {
        super(state);
    }

    /** {@code Typename}: SQL spellings mapped to catalog names, array bounds, a qualified or quoted name. */
    String typeName() {
        enter();
        Token t = peek();
        if (t.word("setof")) {
            throw unsupported(t, "SETOF");
        }
        String shown = simpleTypeName();
        if (acceptWord("array")) {
            shown += "[]";
            if (acceptPunct("[")) {
                arrayBound();
            }
        } else {
            while (acceptPunct("[")) {
                arrayBound();
                shown += "[]";
            }
        }
        leave();
        return shown;
    }

    void arrayBound() {
        if (peek().kind() == Kind.NUMBER) {
            next();
        }
        expectPunct("]");
    }

    String simpleTypeName() {
        Token t = peek();
        if (t.kind() == Kind.IDENT && (t.keyword() == Keywords.COL_NAME || t.word("double") && peek(1).word("precision"))) {
            next();
            String name = switch (t.text()) {
                case "int", "integer" -> "int4";
                case "smallint" -> "int2";
                case "bigint" -> "int8";
                case "real" -> "float4";
                case "float" -> floatType();
                case "double" -> {
                    next();
                    yield "float8";
                }
                case "decimal", "dec", "numeric" -> {
                    typeModifiers();
                    yield "numeric";
                }
                case "boolean" -> "bool";
                case "bit" -> {
                    String bit = acceptWord("varying") ? "varbit" : "bit";
                    typeModifiers();
                    yield bit;
                }
                case "char", "character", "nchar" -> character();
                case "national" -> {
                    if (!acceptWord("character") && !acceptWord("char")) {
                        throw unexpected("after NATIONAL");
                    }
                    yield character();
                }
                case "varchar" -> {
                    typeModifiers();
                    yield "varchar";
                }
                case "time", "timestamp" -> {
                    typeModifiers();
                    boolean zone = false;
                    if (acceptWord("with")) {
                        expectWord("time");
                        expectWord("zone");
                        zone = true;
                    } else if (acceptWord("without")) {
                        expectWord("time");
                        expectWord("zone");
                    }
                    yield t.text() + (zone ? "tz" : "");
                }
                case "interval" -> {
                    if (atPunct("(")) {
                        typeModifiers();
                    } else {
                        intervalFields();
                    }
                    yield "interval";
                }
                case "json" -> "json";
                default -> throw unexpected("(" + t.text().toUpperCase(Locale.ROOT) + " is not a type name)");
            };
            types.add(new TypeRef(PG_CATALOG, name));
            return name;
        }
        if (!isTypeFunctionName(t)) {
            throw unexpected("where a type name was expected");
        }
        List<Token> names = qualifiedName();
        String schema = names.size() == 2 ? names.get(0).text() : null;
        String name = names.get(names.size() - 1).text();
        typeModifiers();
        types.add(new TypeRef(schema, name));
        return (schema == null ? "" : schema + ".") + name;
    }

    String floatType() {
        if (atPunct("(")) {
            next();
            Token precision = next();
            if (precision.kind() != Kind.NUMBER) {
                back();
                throw unexpected("where a precision was expected");
            }
            expectPunct(")");
            try {
                return Integer.parseInt(precision.text()) <= 24 ? "float4" : "float8";
            } catch (NumberFormatException e) {
                return "float8";
            }
        }
        return "float8";
    }

    String character() {
        boolean varying = acceptWord("varying");
        typeModifiers();
        return varying ? "varchar" : "bpchar";
    }

    /** {@code (n, …)}: constants or names only, as PostgreSQL requires of type modifiers. */
    void typeModifiers() {
        if (!acceptPunct("(")) {
            return;
        }
        do {
            Token t = next();
            if (t.kind() != Kind.NUMBER && t.kind() != Kind.STRING && t.kind() != Kind.IDENT
                    && t.kind() != Kind.QUOTED_IDENT) {
                back();
                throw unexpected("where a type modifier (a constant) was expected");
            }
        } while (acceptPunct(","));
        expectPunct(")");
    }

    /** {@code YEAR | … | SECOND[(p)] | DAY TO SECOND[(p)] …} after INTERVAL; nothing when none follows. */
    String intervalFields() {
        if (!(peek().kind() == Kind.IDENT && INTERVAL_FIELDS.contains(peek().text()))) {
            return "";
        }
        StringBuilder b = new StringBuilder(" ").append(next().text().toUpperCase(Locale.ROOT));
        typeModifiers();
        if (acceptWord("to")) {
            Token to = next();
            if (!(to.kind() == Kind.IDENT && INTERVAL_FIELDS.contains(to.text()))) {
                back();
                throw unexpected("where an interval field was expected after TO");
            }
            b.append(" TO ").append(to.text().toUpperCase(Locale.ROOT));
            typeModifiers();
        }
        return b.toString();
    }
}
