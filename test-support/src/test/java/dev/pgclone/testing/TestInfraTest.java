package dev.pgclone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestInfraTest {

    @Test
    void sharesNamedClustersAndRefusesAnotherMajorUnderTheSameName() {
        PostgresCluster state = TestInfra.postgres("state");
        assertThat(TestInfra.postgres("state")).isSameAs(state);
        assertThat(TestInfra.postgres("state", state.major())).isSameAs(state);
        int otherMajor = state.major() == 18 ? 17 : 18;

        assertThatThrownBy(() -> TestInfra.postgres("state", otherMajor))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already runs PostgreSQL " + state.major());
        assertThat(TestInfra.secretKey()).isEqualTo(TestInfra.secretKey());
    }

    @Test
    void rendersConnectionStrings() {
        PostgresCluster state = TestInfra.postgres("state");
        assertThat(state.conninfo("pgclone_state")).isEqualTo("host=127.0.0.1 port=" + state.port()
                + " dbname=pgclone_state user=postgres password=" + state.password());
        assertThat(state.conninfo("it's mine")).contains("dbname='it\\'s mine'");
        assertThat(state.uri("a b")).isEqualTo("postgresql://postgres:" + state.password()
                + "@127.0.0.1:" + state.port() + "/a%20b");
        assertThat(state.jdbcUrl("a b")).isEqualTo("jdbc:postgresql://127.0.0.1:" + state.port() + "/a%20b");
    }

    /** Quarkus loads test code in class loaders of its own: a second copy of this module must not start new servers. */
    @Test
    void aCopyInAnotherClassLoaderUsesTheSameServers() throws Exception {
        PostgresCluster state = TestInfra.postgres("state");
        try (ChildFirstLoader loader = new ChildFirstLoader()) {
            Class<?> copy = loader.loadClass(TestInfra.class.getName());
            Class<?> clusterType = loader.loadClass(PostgresCluster.class.getName());
            assertThat(copy).isNotSameAs(TestInfra.class);

            Object copyState = copy.getMethod("postgres", String.class).invoke(null, "state");
            assertThat(clusterType.getMethod("port").invoke(copyState)).isEqualTo(state.port());
            assertThat(clusterType.getMethod("password").invoke(copyState)).isEqualTo(state.password());
            assertThat(clusterType.getMethod("query", String.class, String.class).invoke(copyState, "postgres", "SELECT 1"))
                    .isEqualTo(List.of(List.of("1")));
            assertThat(copy.getMethod("postgres", String.class).invoke(null, "state")).isSameAs(copyState);
            assertThat(copy.getMethod("secretKey").invoke(null)).isEqualTo(TestInfra.secretKey());
            assertThat(copy.getMethod("runDir").invoke(null)).isEqualTo(TestInfra.runDir());

            int otherMajor = state.major() == 18 ? 17 : 18;
            assertThatThrownBy(() -> copy.getMethod("postgres", String.class, int.class).invoke(null, "state", otherMajor))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Loads this module's classes itself (like Quarkus' class loader), everything else from the system class loader. */
    private static final class ChildFirstLoader extends URLClassLoader {

        ChildFirstLoader() {
            super(new URL[] {TestInfra.class.getProtectionDomain().getCodeSource().getLocation()},
                    ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(TestInfra.class.getPackageName() + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
