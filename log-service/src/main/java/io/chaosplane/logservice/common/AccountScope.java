package io.chaosplane.logservice.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accounts a transaction works for, which the tables' row-level security compares every row with
 * ({@code app.account_ids}, transaction-local, a {@code text[]} literal). A request works for the one account its
 * token names; the writers commit several accounts' batches in one transaction and name each of them. Outside such a
 * transaction the service's role sees and writes no row.
 */
@Component
public class AccountScope {

    private static final String SET = "SELECT set_config('app.account_ids', ?, true)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AccountScope(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Runs {@code work} in a transaction of its own that sees the account's rows only. */
    public <T> T call(String accountId, Supplier<T> work) {
        return transaction.execute(status -> {
            jdbc.queryForObject(SET, String.class, literal(List.of(accountId)));
            return work.get();
        });
    }

    /** Makes the connection's current transaction work for these accounts. */
    public static void set(Connection connection, Collection<String> accountIds) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement(SET)) {
            set.setString(1, literal(accountIds));
            set.execute();
        }
    }

    /** A PostgreSQL array literal of the accounts, each quoted. */
    static String literal(Collection<String> accountIds) {
        StringBuilder literal = new StringBuilder("{");
        for (String accountId : accountIds) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"')
                    .append(accountId.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return literal.append('}').toString();
    }
}
