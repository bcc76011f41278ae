package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.analysis.Baseline.Distribution;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account's benchmark setting (its own row, under row-level security) and the peer aggregates (no account). */
@Repository
class BenchmarkStore {

    private final JdbcClient jdbc;

    BenchmarkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Setting(String industry, boolean optIn, String updatedBy, Instant updatedAt) {}

    Optional<Setting> setting(String accountId) {
        return jdbc.sql("""
                        SELECT industry, opt_in, updated_by, updated_at FROM account_benchmark_settings
                         WHERE account_id = ?""")
                .param(accountId)
                .query((rs, n) -> new Setting(
                        rs.getString("industry"),
                        rs.getBoolean("opt_in"),
                        rs.getString("updated_by"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    void save(String accountId, Setting setting) {
        jdbc.sql("""
                        INSERT INTO account_benchmark_settings (account_id, industry, opt_in, updated_by, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET industry = EXCLUDED.industry,
                            opt_in = EXCLUDED.opt_in, updated_by = EXCLUDED.updated_by,
                            updated_at = EXCLUDED.updated_at""")
                .params(
                        accountId,
                        setting.industry(),
                        setting.optIn(),
                        setting.updatedBy(),
                        Timestamp.from(setting.updatedAt()))
                .update();
    }

    record Aggregate(String industry, String metric, int contributors, Distribution distribution, Instant computedAt) {}

    List<Aggregate> aggregates() {
        return jdbc.sql("""
                        SELECT industry, metric, contributors, p10, p25, p50, p75, p90, computed_at
                          FROM benchmark_peer_aggregates WHERE contributors >= 5 ORDER BY industry, metric""")
                .query((rs, n) -> new Aggregate(
                        rs.getString("industry"),
                        rs.getString("metric"),
                        rs.getInt("contributors"),
                        new Distribution(
                                rs.getDouble("p10"),
                                rs.getDouble("p25"),
                                rs.getDouble("p50"),
                                rs.getDouble("p75"),
                                rs.getDouble("p90")),
                        rs.getTimestamp("computed_at").toInstant()))
                .list();
    }

    /**
     * Replaces the aggregates with what the cross-tenant function answers: percentiles of at least
     * {@code minAccounts} accounts (five at the least, whatever is asked), never a row per account.
     */
    int recompute(int minAccounts, Instant now) {
        // one replica at a time: two replacing at once would collide on the key
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('benchmark_peer_aggregates', 0))")
                .query((rs, n) -> 1)
                .list();
        jdbc.sql("DELETE FROM benchmark_peer_aggregates").update();
        return jdbc.sql("""
                        INSERT INTO benchmark_peer_aggregates (industry, metric, contributors, p10, p25, p50, p75,
                            p90, computed_at)
                        SELECT industry, metric, contributors, p10, p25, p50, p75, p90, ?
                          FROM benchmark_peer_distributions(?, ?)""")
                .params(Timestamp.from(now), minAccounts, Timestamp.from(now))
                .update();
    }
}
