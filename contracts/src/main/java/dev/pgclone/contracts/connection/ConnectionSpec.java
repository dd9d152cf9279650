package dev.pgclone.contracts.connection;

/**
 * A connection as it travels in messages and is stored: the conninfo without secrets, plus the secrets sealed
 * by {@link SecretSealer}. A producer without secrets (for example one relying on a {@code .pgpass} file on the
 * workers) sends {@code sealedSecrets: null}.
 *
 * @param conninfo      keyword/value conninfo with no password in it
 * @param sealedSecrets sealed keyword/value fragment holding {@code password} / {@code sslpassword}, or null
 */
public record ConnectionSpec(String conninfo, String sealedSecrets) {

    /** What to show a person: the conninfo with {@code password=***} where a secret was given. */
    public String display() {
        try {
            Conninfo visible = Conninfo.parse(conninfo);
            String shown = visible.redacted();
            return sealedSecrets == null ? shown : shown + " password=***";
        } catch (InvalidConninfoException e) {
            return "(invalid conninfo)";
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
