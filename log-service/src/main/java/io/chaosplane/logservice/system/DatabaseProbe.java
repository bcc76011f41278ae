package io.chaosplane.logservice.system;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Whether PostgreSQL answers within a second; readiness asks it. */
@Component
class DatabaseProbe {

    private final JdbcTemplate jdbc;

    DatabaseProbe(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(1);
    }

    boolean answers() {
        try {
            return Integer.valueOf(1).equals(jdbc.queryForObject("SELECT 1", Integer.class));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
