package dev.pgclone.pg.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSettingsTest {

    @Test
    void translatesKeywordValueConninfoWithoutPuttingSecretsInTheUrl() {
        JdbcSettings s = JdbcSettings.from(Conninfo.parse(
                "host=db.example port=6432 dbname='my db+x' user=app password='p w' sslmode=require application_name=x"),
                SessionRole.TARGET, "pgclone-test");

        assertThat(s.url()).isEqualTo("jdbc:postgresql://db.example:6432/my+db%2Bx");
        assertThat(s.url()).doesNotContain("p w");
        assertThat(s.toString()).doesNotContain("p w");
        assertThat(s.properties()).containsEntry("user", "app").containsEntry("password", "p w")
                .containsEntry("sslmode", "require").containsEntry("ApplicationName", "x");
    }

    @Test
    void sourceSessionsAlwaysGetTunedKeepalives() {
        JdbcSettings s = JdbcSettings.from(Conninfo.parse("host=h user=u keepalives=0 keepalives_idle=45"),
                SessionRole.SOURCE, "t");
        assertThat(s.properties()).containsEntry("tcpKeepAlive", "true")
                .containsEntry("socketFactory", KeepAliveSocketFactory.class.getName())
                .containsEntry(KeepAliveSocketFactory.IDLE, "45");
    }

    @Test
    void multipleHostsIpv6AndDefaultPorts() {
        JdbcSettings s = JdbcSettings.from(Conninfo.parse("postgresql://u@h1:5433,[::1],h3:5435/d?target_session_attrs=read-write"),
                SessionRole.TARGET, "t");
        assertThat(s.url()).isEqualTo("jdbc:postgresql://h1:5433,[::1]:5432,h3:5435/d");
        assertThat(s.properties()).containsEntry("targetServerType", "primary");
    }

    @Test
    void aConninfoWithoutUserIsRefused() {
        assertThatThrownBy(() -> JdbcSettings.from(Conninfo.parse("host=h dbname=d"), SessionRole.SOURCE, "t"))
                .isInstanceOf(InvalidConninfoException.class).hasMessageContaining("user");
    }

    @Test
    void passwordComesFromThePassfileWhenTheConninfoHasNone(@TempDir Path dir) throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# comment\nother:*:*:*:nope\ndb.example:5432:shop:app:pa\\:ss\n*:*:*:app:fallback\n");
        JdbcSettings s = JdbcSettings.from(Conninfo.parse("host=db.example dbname=shop user=app passfile=" + pgpass),
                SessionRole.SOURCE, "t");
        assertThat(s.properties()).containsEntry("password", "pa:ss");
        JdbcSettings other = JdbcSettings.from(Conninfo.parse("host=x dbname=y user=app passfile=" + pgpass),
                SessionRole.SOURCE, "t");
        assertThat(other.properties()).containsEntry("password", "fallback");
    }
}
