/**
 * Real Kafka brokers and PostgreSQL clusters for pgclone's tests, without Docker.
 *
 * <ul>
 *   <li>{@link dev.pgclone.testing.TestInfra}: the JVM-wide shared broker and named clusters
 *       ({@code TestInfra.postgres("source", 14)}), stopped at JVM exit.</li>
 *   <li>{@link dev.pgclone.testing.PgcloneTestResource}: {@code @QuarkusTestResource} giving a service its broker,
 *       topics, state database and secret key.</li>
 *   <li>{@link dev.pgclone.testing.LocalKafkaBroker}, {@link dev.pgclone.testing.LocalPostgresCluster}: servers of a
 *       test's own, e.g. to stop and start without disturbing other test classes.</li>
 * </ul>
 *
 * <p>Everything lives under {@code /tmp/pgclone-test}: {@code dist/pg-<major>} (unpacked PostgreSQL bundles, kept)
 * and {@code run-<pid>-<random>} (this JVM's servers, deleted at exit, or by a guard process if the JVM is killed).
 * Environment: {@code PGCLONE_TEST_PG_MAJOR} (default major), {@code PGCLONE_TEST_BACKEND=local|docker}.
 */
package dev.pgclone.testing;
