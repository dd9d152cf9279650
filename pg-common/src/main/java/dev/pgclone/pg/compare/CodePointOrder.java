package dev.pgclone.pg.compare;

import java.util.Comparator;

/**
 * The order of {@code COLLATE "C"}: UTF-8 byte order, which is Unicode code point order. {@link String#compareTo}
 * compares UTF-16 units and puts characters beyond U+FFFF before U+E000–U+FFFF; this does not, so what Java sorts
 * agrees with what the catalog queries sort, whatever the names.
 */
public final class CodePointOrder {

    public static final Comparator<String> ORDER = CodePointOrder::compare;

    private CodePointOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
