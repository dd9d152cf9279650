package dev.pgclone.inspector.discovery;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Does one value (a column's text form) look like a given kind of personal data? Each validator is strict enough that
 * ordinary values (ids, codes, dates, versions) rarely pass: checksums where the data has one (Luhn for card numbers,
 * mod 97 for IBANs), ranges for addresses and dates, known shapes for phone numbers. Every pattern is linear (no
 * ambiguous repetition), so no sampled value can make one backtrack for long.
 */
public final class ValueValidators {

    private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}");

    /** + country code and number, separators allowed: +44 20 7946 0958, +1 (555) 123-4567. */
    private static final Pattern INTERNATIONAL = Pattern.compile("\\+[1-9][0-9]*([ .-]?\\([0-9]+\\)|[ .-][0-9]+)*");
    /** A national number with an area code set apart: (555) 123-4567, 555-123-4567, 020 7946 0958, 030/1234567. */
    private static final Pattern NATIONAL = Pattern.compile("(\\([0-9]{1,5}\\) ?|[0-9]{1,5}[ ./-])([0-9]{1,8}[ .-]){0,3}[0-9]{2,8}");
    /** A national number written without separators, with its trunk prefix 0: 07700900123. */
    private static final Pattern NATIONAL_DIGITS = Pattern.compile("0[0-9]{9,10}");
    /** 123-45-6789 is a social security number, not a phone number. */
    private static final Pattern SSN = Pattern.compile("[0-9]{3}-[0-9]{2}-[0-9]{4}");

    private static final Pattern CARD = Pattern.compile("[0-9]+([ -][0-9]+)*");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern BIRTH_DATE = Pattern.compile(
            "([0-9]{4}-[0-9]{2}-[0-9]{2})([ T]00:00(:00(\\.0+)?)?(Z|[+-]00(:?00)?)?)?");

    /** IBAN lengths by country (the SWIFT registry); a country not listed is not accepted. */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22),
            Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25),
            Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31),
            Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("ST", 25), Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26),
            Map.entry("UA", 29), Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20));

    /** Oldest plausible age, in years. */
    static final int MAX_AGE = 120;

    private ValueValidators() {
    }

    /** {@code local@domain.tld}: RFC 5321 sizes, dot-atom local part, DNS labels, an alphabetic (or IDN) top level. */
    public static boolean isEmail(String value) {
        String v = value.strip();
        int at = v.indexOf('@');
        if (v.length() > 254 || at < 1 || at != v.lastIndexOf('@') || at > 64) {
            return false;
        }
        String local = v.substring(0, at);
        String[] labels = v.substring(at + 1).split("\\.", -1);
        if (!EMAIL_LOCAL.matcher(local).matches() || labels.length < 2) {
            return false;
        }
        for (int i = 0; i < labels.length - 1; i++) {
            if (!DOMAIN_LABEL.matcher(labels[i]).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }

    /**
     * A phone number: E.164 ({@code +} then 8 to 15 digits, separators allowed), an international {@code 00} prefix,
     * or a national number with its area code set apart by a separator or parentheses (9 to 12 digits), or written
     * whole with its trunk 0 (10 or 11 digits). Bare digit strings without a leading 0 are not taken: ids look the same.
     */
    public static boolean isPhone(String value) {
        String v = value.strip();
        if (v.length() > 32) {
            return false;
        }
        int digits = digits(v);
        if (v.startsWith("+")) {
            return INTERNATIONAL.matcher(v).matches() && digits >= 8 && digits <= 15 && balanced(v);
        }
        if (v.startsWith("00") && v.chars().allMatch(c -> Character.isDigit(c) || c == ' ' || c == '-')) {
            return digits - 2 >= 8 && digits - 2 <= 15 && v.charAt(2) != '0';
        }
        if (NATIONAL_DIGITS.matcher(v).matches()) {
            return true;
        }
        return NATIONAL.matcher(v).matches() && !SSN.matcher(v).matches() && digits >= 9 && digits <= 12 && balanced(v);
    }

    /** A payment card number: 13 to 19 digits, spaces or dashes between groups, a valid Luhn check digit. */
    public static boolean isCardNumber(String value) {
        String v = value.strip();
        if (!CARD.matcher(v).matches()) {
            return false;
        }
        String digits = v.replace(" ", "").replace("-", "");
        if (digits.length() < 13 || digits.length() > 19 || digits.chars().distinct().count() == 1) {
            return false;
        }
        return luhn(digits);
    }

    /** The Luhn (mod 10) check over a string of digits. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** An IBAN (spaces allowed, any case): a known country, its length, and the mod-97 check equal to 1. */
    public static boolean isIban(String value) {
        String v = value.replace(" ", "").strip().toUpperCase(Locale.ROOT);
        if (!IBAN.matcher(v).matches()) {
            return false;
        }
        Integer length = IBAN_LENGTHS.get(v.substring(0, 2));
        if (length == null || length != v.length()) {
            return false;
        }
        String rearranged = v.substring(4) + v.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int n = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (n < 10 ? remainder * 10 + n : remainder * 100 + n) % 97;
        }
        return remainder == 1;
    }

    /** An IPv4 or IPv6 address, as {@code inet} prints it (an optional {@code /prefix}). */
    public static boolean isIpAddress(String value) {
        String v = value.strip();
        int slash = v.indexOf('/');
        String address = slash < 0 ? v : v.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        if (slash >= 0 && !prefix(v.substring(slash + 1), v6 ? 128 : 32)) {
            return false;
        }
        return v6 ? isIpv6(address) : isIpv4(address);
    }

    /** Dotted decimal, four parts 0–255, no leading zeros. */
    public static boolean isIpv4(String v) {
        String[] parts = v.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Eight groups of 1–4 hex digits, one {@code ::} standing for one or more zero groups, an IPv4 tail allowed. */
    public static boolean isIpv6(String v) {
        if (v.isEmpty() || v.length() > 45) {
            return false;
        }
        int groups = 8;
        String body = v;
        int lastColon = v.lastIndexOf(':');
        if (v.indexOf('.') >= 0) {
            if (!isIpv4(v.substring(lastColon + 1))) {
                return false;
            }
            groups = 6;
            body = v.substring(0, lastColon + 1) + "0"; // stand-in group, so the split below sees a last group
            groups++;
        }
        int compressed = body.indexOf("::");
        if (compressed != body.lastIndexOf("::")) {
            return false;
        }
        if (compressed < 0) {
            String[] parts = body.split(":", -1);
            return parts.length == groups && allHex(parts);
        }
        String head = body.substring(0, compressed);
        String tail = body.substring(compressed + 2);
        String[] h = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] t = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        return h.length + t.length < groups && allHex(h) && allHex(t);
    }

    /**
     * A date of birth: an ISO date ({@code 1984-03-07}, or a timestamp at midnight as PostgreSQL prints one), a real
     * calendar day, not in the future and at most {@value #MAX_AGE} years ago.
     */
    public static boolean isBirthDate(String value, LocalDate today) {
        return birthDate(value, today) != null;
    }

    /** The date {@link #isBirthDate} accepts, or null. */
    static LocalDate birthDate(String value, LocalDate today) {
        var m = BIRTH_DATE.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(m.group(1));
        } catch (DateTimeException e) {
            return null;
        }
        return d.isAfter(today) || d.isBefore(today.minusYears(MAX_AGE)) ? null : d;
    }

    private static boolean allHex(String[] parts) {
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefix(String text, int max) {
        return !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)
                && Integer.parseInt(text) <= max;
    }

    private static int digits(String v) {
        return (int) v.chars().filter(Character::isDigit).count();
    }

    private static boolean balanced(String v) {
        int open = v.indexOf('(');
        int close = v.indexOf(')');
        return open == v.lastIndexOf('(') && close == v.lastIndexOf(')') && (open < 0) == (close < 0) && open <= close;
    }
}
