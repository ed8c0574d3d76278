package dev.flightpipeline.booking;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** The size of a service's database connection pool, which its own limits follow. */
public final class ConnectionPools {

    /** Assumed when the pool is not Hikari's and its size cannot be read. */
    static final int ASSUMED_SIZE = 10;

    private ConnectionPools() {}

    /** The pool's maximum number of connections ({@value #ASSUMED_SIZE} if it is not Hikari's). */
    public static int maximumSize(DataSource dataSource) {
        return dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : ASSUMED_SIZE;
    }
}
