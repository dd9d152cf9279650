package dev.pgclone.inspector.discovery;

import dev.pgclone.pg.catalog.ColumnCatalog.ValueKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * pgclone's column-name rules for sensitive data (its ~40 {@code LIKE} patterns in ten categories), without their
 * false hits. pgclone matched substrings: {@code %address%} caught {@code ip_address} before the IP rules could,
 * {@code %_name} caught {@code table_name}, {@code %email%} caught {@code is_emailed}, {@code %zip%} caught
 * {@code zipped}, {@code %birth%} caught {@code birth_place}, {@code %dob%} caught {@code adobe_id}.
 *
 * <p>Here a name is cut into words (snake_case, camelCase, digits kept on their word: {@code address1}), and a rule
 * matches a run of whole words (or one word that is their concatenation: {@code firstname}, {@code e_mail}) that is
 * the head of the name: only qualifiers may come before it ({@code work_email}, {@code billing_address}) and only
 * words that leave its meaning intact after it ({@code email_address}, {@code phone_number}, {@code password_hash},
 * {@code address_line1}); {@code email_verified}, {@code phone_type} or {@code salary_band} are something else. A
 * person's name needs a word saying whose it is ({@code first_name}, {@code customer_name}; not {@code product_name});
 * a bare {@code name} counts only in a table of people, with less confidence. The column's type must fit too: a
 * boolean or timestamp called {@code *_email*} is not an email. More specific rules come first (IP before address,
 * email before address).
 */
public final class SensitiveNameRules {

    /**
     * A column that looks sensitive by its name (or, for {@code inet}, its type).
     *
     * @param sensitivity what it holds
     * @param confidence  0–1
     * @param reason      why, for people
     */
    public record Match(Sensitivity sensitivity, double confidence, String reason) {
    }

    private static final Set<ValueKind> TEXT = EnumSet.of(ValueKind.TEXT);
    private static final Set<ValueKind> TEXT_OR_NUMBER = EnumSet.of(ValueKind.TEXT, ValueKind.NUMBER);

    /** Words after a head that keep its meaning, whatever the rule. */
    private static final Set<String> ANY_RULE_AFTER = Set.of("primary", "secondary", "alt", "alternate", "main", "other",
            "raw", "enc", "encrypted", "hash", "hashed", "normalized", "norm", "lower", "lc", "upper", "clean", "canonical",
            "text", "str", "string", "value", "val", "plain", "old", "new", "prev", "previous", "current", "tmp", "temp",
            "backup", "bak", "copy", "orig", "original", "masked");

    /** Who a {@code *_name} column names when it is a person. */
    private static final Set<String> PERSON = Set.of("customer", "client", "contact", "employee", "person", "patient",
            "member", "holder", "cardholder", "owner", "user", "recipient", "sender", "spouse", "parent", "guardian",
            "mother", "father", "student", "applicant", "candidate", "driver", "passenger", "guest", "buyer", "beneficiary",
            "signer", "signatory", "teacher", "doctor", "physician", "nurse", "manager", "supervisor", "tenant", "landlord",
            "subscriber", "consumer", "traveler", "traveller", "resident", "citizen", "insured", "policyholder", "claimant",
            "witness", "child", "display", "billing", "shipping", "kin");

    /** Tables of people, where a bare {@code name} column is a person's name. */
    private static final Set<String> PEOPLE_TABLES = Set.of("customer", "user", "employee", "person", "people", "patient",
            "member", "contact", "client", "student", "staff", "author", "subscriber", "applicant", "candidate",
            "passenger", "guest", "tenant", "driver", "resident", "citizen", "profile", "teacher", "doctor");

    private record Rule(Sensitivity sensitivity, List<List<String>> phrases, Set<String> after, Set<String> notAfter,
                        Set<String> onlyAfter, Set<ValueKind> kinds) {
    }

    private static final List<Rule> RULES = List.of(
            rule(Sensitivity.CREDIT_CARD, "credit card number|card number|card no|card num|credit card|cc number|cc num|ccn"
                    + "|cvv|cvc|card pan", "number|no|num|nr|last|masked", "", "", TEXT_OR_NUMBER),
            rule(Sensitivity.IP_ADDRESS, "ip address|ip addr|ip|ipv|remote addr|remote address", "address|addr|v", "", "",
                    EnumSet.of(ValueKind.TEXT, ValueKind.NETWORK)),
            rule(Sensitivity.EMAIL, "email address|email", "address|addr", "", "", TEXT),
            rule(Sensitivity.NATIONAL_ID, "social security number|social security no|social security|ssn"
                    + "|national identity number|national identity|national id|national insurance number|national insurance"
                    + "|tax identification number|taxpayer id|tax id|taxpayer|passport number|passport no|passport",
                    "number|no|num|nr|code|last|id", "", "", TEXT_OR_NUMBER),
            rule(Sensitivity.PHONE, "phone number|mobile number|cell phone|home phone|work phone|mobile phone|telephone"
                    + "|phone|mobile|tel|fax|msisdn", "number|no|num|nr|e|digits|ext|extension|international|intl|formatted",
                    "", "", TEXT_OR_NUMBER),
            rule(Sensitivity.FINANCIAL, "salary|income|wage|wages|compensation", "amount|amt|annual|monthly|yearly|gross|net"
                    + "|base|usd|eur|gbp|cents|total", "", "", EnumSet.of(ValueKind.NUMBER, ValueKind.TEXT)),
            rule(Sensitivity.CREDENTIAL, "password|passwd|pwd|passphrase|secret|token|api key|access key|private key"
                    + "|secret key|auth key", "digest|salt|cipher|ciphertext|plaintext|bcrypt|sha|md|key", "", "",
                    EnumSet.of(ValueKind.TEXT, ValueKind.BINARY)),
            rule(Sensitivity.POSTAL_CODE, "zip code|zip|postal code|post code|postal", "code|plus", "", "", TEXT_OR_NUMBER),
            rule(Sensitivity.ADDRESS, "street address|street name|address|addr|street", "line|lines|street|full|detail"
                    + "|details", "ip|ipv|mac|email|mail|e|web|url|wallet|memory|bitcoin|btc|eth|ethereum|crypto|contract"
                    + "|hardware|server|host|node|remote|device|bluetooth|network|net|broadcast|gateway|link|bus|base"
                    + "|multicast|ble|wifi|lan|wan|ether|ethernet|peer|proxy|smtp|return|start|end|load|virtual|physical",
                    "", TEXT),
            rule(Sensitivity.DATE_OF_BIRTH, "date of birth|year of birth|birth date|birth year|birthday|dob|birth", "on|utc",
                    "of|place|country|city|town|name|weight|length|certificate|order|rank|registry", "",
                    EnumSet.of(ValueKind.DATE, ValueKind.TEXT, ValueKind.NUMBER)),
            rule(Sensitivity.NAME, "first name|last name|full name|middle name|given name|family name|maiden name|surname"
                    + "|forename|legal name|nick name|fname|lname", "", "", "", TEXT),
            rule(Sensitivity.NAME, "name", "", "", String.join("|", PERSON), TEXT));

    private SensitiveNameRules() {
    }

    /** What a column looks like it holds, by its name and type; empty when nothing. */
    public static Optional<Match> match(String table, String column, ValueKind kind) {
        List<String> words = words(column);
        for (Rule rule : RULES) {
            if (!rule.kinds().contains(kind)) {
                continue;
            }
            for (List<String> phrase : rule.phrases()) {
                Optional<Match> m = match(rule, phrase, words, column);
                if (m.isPresent()) {
                    return m;
                }
            }
        }
        if (kind == ValueKind.TEXT && words.equals(List.of("name"))
                && words(table).stream().map(SensitiveNameRules::singular).anyMatch(PEOPLE_TABLES::contains)) {
            return Optional.of(new Match(Sensitivity.NAME, 0.6, "column \"name\" of a table of people (\"" + table + "\")"));
        }
        if (kind == ValueKind.NETWORK) {
            return Optional.of(new Match(Sensitivity.IP_ADDRESS, 0.6, "column of a network address type"));
        }
        return Optional.empty();
    }

    private static Optional<Match> match(Rule rule, List<String> phrase, List<String> words, String column) {
        String wanted = String.join("", phrase);
        for (int start = 0; start < words.size(); start++) {
            StringBuilder joined = new StringBuilder();
            for (int end = start; end < words.size() && joined.length() < wanted.length(); end++) {
                joined.append(words.get(end));
                if (!stripDigits(joined.toString()).equals(wanted) || !headOf(rule, words, start, end)) {
                    continue;
                }
                boolean qualified = !rule.onlyAfter().isEmpty();
                boolean exact = start == 0 && end == words.size() - 1;
                String readsAs = (qualified ? words.get(start - 1) + " " : "") + String.join(" ", phrase);
                return Optional.of(new Match(rule.sensitivity(), qualified ? 0.8 : exact ? 0.95 : 0.85,
                        "column name \"" + column + "\" reads as \"" + readsAs + "\""));
            }
        }
        return Optional.empty();
    }

    /** The words before are qualifiers the rule accepts, the words after keep its meaning. */
    private static boolean headOf(Rule rule, List<String> words, int start, int end) {
        String before = start == 0 ? null : stripDigits(words.get(start - 1));
        if (before != null && rule.notAfter().contains(before)) {
            return false;
        }
        if (!rule.onlyAfter().isEmpty() && (before == null || !rule.onlyAfter().contains(before))) {
            return false;
        }
        for (int i = end + 1; i < words.size(); i++) {
            String w = stripDigits(words.get(i));
            if (!w.isEmpty() && !rule.after().contains(w) && !ANY_RULE_AFTER.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** A name's words, lower case: snake_case, kebab-case, spaces and camelCase split; digits stay on their word. */
    public static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, out);
                continue;
            }
            if (word.length() > 0 && Character.isUpperCase(c)) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    flush(word, out);
                }
            }
            word.append(c);
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }

    private static String stripDigits(String word) {
        int end = word.length();
        while (end > 0 && Character.isDigit(word.charAt(end - 1))) {
            end--;
        }
        return word.substring(0, end);
    }

    private static String singular(String word) {
        return word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word;
    }

    private static Rule rule(Sensitivity sensitivity, String phrases, String after, String notAfter, String onlyAfter,
                             Set<ValueKind> kinds) {
        List<List<String>> parsed = new ArrayList<>();
        for (String p : phrases.split("\\|")) {
            parsed.add(List.of(p.split(" ")));
        }
        return new Rule(sensitivity, parsed, set(after), set(notAfter), set(onlyAfter), kinds);
    }

    private static Set<String> set(String words) {
        return words.isEmpty() ? Set.of() : Set.of(words.split("\\|"));
    }
}
