package io.chaosplane.service.health;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Whether PostgreSQL answers within a second; readiness and health reports ask it. */
public class DatabaseProbe {

    private final JdbcTemplate jdbc;

    DatabaseProbe(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(1);
    }

    public boolean answers() {
        try {
            return Integer.valueOf(1).equals(jdbc.queryForObject("SELECT 1", Integer.class));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
