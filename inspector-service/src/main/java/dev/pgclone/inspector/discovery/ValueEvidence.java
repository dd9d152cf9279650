package dev.pgclone.inspector.discovery;

import dev.pgclone.pg.catalog.ColumnCatalog.ValueKind;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a column's sampled values say: how many of them one validator accepts. Decides a column by its values alone
 * (no name rule caught it) when nearly all of them pass one validator, and confirms or doubts what a name rule said.
 *
 * @param sensitivity what the validator recognises
 * @param matched     values it accepted
 * @param sampled     non-empty values looked at
 */
public record ValueEvidence(Sensitivity sensitivity, int matched, int sampled) {

    /** Fewer non-empty values than this decide nothing. */
    static final int MIN_VALUES = 5;
    /** Share of values one validator must accept for the values alone to flag a column. */
    static final double FLAG_RATIO = 0.8;
    /** Dates of birth alone need more: all but a few valid, spread over years, mostly adults. */
    static final double BIRTH_RATIO = 0.9;
    static final int BIRTH_SPREAD_YEARS = 10;
    static final int BIRTH_MEDIAN_AGE = 16;

    /** The validators tried on values alone, most distinctive first. */
    private static final List<Sensitivity> ORDER = List.of(Sensitivity.EMAIL, Sensitivity.CREDIT_CARD,
            Sensitivity.BANK_ACCOUNT, Sensitivity.IP_ADDRESS, Sensitivity.PHONE, Sensitivity.DATE_OF_BIRTH);

    public double ratio() {
        return sampled == 0 ? 0 : (double) matched / sampled;
    }

    /** "18 of 20 sampled values are Luhn-valid card numbers". */
    public String describe() {
        return matched + " of " + sampled + " sampled values " + (matched == 1 ? "is " : "are ") + what(sensitivity);
    }

    /**
     * The column's values alone: the first validator (in {@link #ORDER}, among those that fit the column's kind) that
     * accepts at least {@value #FLAG_RATIO} of at least {@value #MIN_VALUES} values. Confidence follows the strength of
     * the test: checksums more than shapes, dates least.
     */
    public static Optional<Finding> classify(List<String> values, ValueKind kind, LocalDate today) {
        List<String> present = present(values);
        if (present.size() < MIN_VALUES) {
            return Optional.empty();
        }
        for (Sensitivity s : ORDER) {
            if (!fits(s, kind) || (s == Sensitivity.PHONE && kind == ValueKind.NUMBER)) {
                continue; // numbers of 8 to 15 digits are as often ids or epoch times as phone numbers
            }
            ValueEvidence e = of(s, present, kind, today);
            if (s == Sensitivity.DATE_OF_BIRTH) {
                if (e.ratio() >= BIRTH_RATIO && birthLike(present, today)) {
                    return Optional.of(new Finding(e, round(0.6 * e.ratio()), e.describe() + " (spread over "
                            + BIRTH_SPREAD_YEARS + "+ years, mostly adults)"));
                }
            } else if (e.ratio() >= FLAG_RATIO) {
                return Optional.of(new Finding(e, round(weight(s) * e.ratio()), e.describe()));
            }
        }
        return Optional.empty();
    }

    /** How the values bear on what a name rule found; empty when no validator exists for it or too few values. */
    public static Optional<ValueEvidence> about(Sensitivity sensitivity, List<String> values, ValueKind kind, LocalDate today) {
        List<String> present = present(values);
        if (present.size() < MIN_VALUES || !fits(sensitivity, kind)) {
            return Optional.empty();
        }
        return Optional.of(of(sensitivity, present, kind, today));
    }

    /** A column decided by its values: the evidence, a confidence (0–1) and the reason. */
    public record Finding(ValueEvidence evidence, double confidence, String reason) {
    }

    static ValueEvidence of(Sensitivity s, List<String> present, ValueKind kind, LocalDate today) {
        int matched = 0;
        for (String v : present) {
            if (accepts(s, v, kind, today)) {
                matched++;
            }
        }
        return new ValueEvidence(s, matched, present.size());
    }

    /** Whether a validator exists for this sensitivity and can apply to values of this kind. */
    static boolean fits(Sensitivity s, ValueKind kind) {
        return switch (s) {
            case EMAIL, BANK_ACCOUNT -> kind == ValueKind.TEXT;
            case PHONE, CREDIT_CARD -> kind == ValueKind.TEXT || kind == ValueKind.NUMBER;
            case IP_ADDRESS -> kind == ValueKind.TEXT || kind == ValueKind.NETWORK;
            case DATE_OF_BIRTH -> kind == ValueKind.TEXT || kind == ValueKind.DATE;
            default -> false;
        };
    }

    private static boolean accepts(Sensitivity s, String v, ValueKind kind, LocalDate today) {
        return switch (s) {
            case EMAIL -> ValueValidators.isEmail(v);
            // A number column has lost a phone number's + and leading 0: only its length is left to judge.
            case PHONE -> kind == ValueKind.NUMBER ? v.chars().allMatch(Character::isDigit) && v.length() >= 8
                    && v.length() <= 15 : ValueValidators.isPhone(v);
            case CREDIT_CARD -> ValueValidators.isCardNumber(v);
            case BANK_ACCOUNT -> ValueValidators.isIban(v);
            case IP_ADDRESS -> ValueValidators.isIpAddress(v);
            case DATE_OF_BIRTH -> ValueValidators.isBirthDate(v, today);
            default -> false;
        };
    }

    /** Birth dates, unlike event dates, spread over a decade or more and lie mostly well in the past. */
    private static boolean birthLike(List<String> values, LocalDate today) {
        List<LocalDate> dates = new ArrayList<>();
        for (String v : values) {
            LocalDate d = ValueValidators.birthDate(v, today);
            if (d != null) {
                dates.add(d);
            }
        }
        dates.sort(null);
        if (dates.isEmpty()) {
            return false;
        }
        LocalDate median = dates.get(dates.size() / 2);
        return ChronoUnit.YEARS.between(dates.get(0), dates.get(dates.size() - 1)) >= BIRTH_SPREAD_YEARS
                && !median.isAfter(today.minusYears(BIRTH_MEDIAN_AGE));
    }

    private static double weight(Sensitivity s) {
        return switch (s) {
            case CREDIT_CARD, BANK_ACCOUNT -> 0.9;
            case EMAIL, IP_ADDRESS -> 0.85;
            default -> 0.7;
        };
    }

    private static String what(Sensitivity s) {
        return switch (s) {
            case EMAIL -> "email addresses";
            case PHONE -> "phone numbers";
            case CREDIT_CARD -> "Luhn-valid card numbers";
            case BANK_ACCOUNT -> "IBANs with a valid check";
            case IP_ADDRESS -> "IP addresses";
            case DATE_OF_BIRTH -> "plausible dates of birth";
            default -> s.category().toLowerCase(Locale.ROOT) + " values";
        };
    }

    private static List<String> present(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
