package nl.schakelpunt.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database a test run uses, chosen with {@code -Dtest.db=h2} (default) or {@code postgres}.
 * PostgreSQL runs get a database of their own, created here and dropped when the JVM exits.
 */
public final class TestDatabase {

    public static final String KIND = System.getProperty("test.db", "h2");
    private static final String PG_SERVER = System.getProperty("test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getProperty("test.pg.user", "postgres");
    private static final String PG_PASSWORD = System.getProperty("test.pg.password", "");

    private static String databaseUrl;

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return "postgres".equals(KIND);
    }

    public static synchronized void register(DynamicPropertyRegistry registry) {
        if (databaseUrl == null) {
            databaseUrl = createDatabase();
        }
        registry.add("spring.datasource.url", () -> databaseUrl);
        if (isPostgres()) {
            registry.add("spring.datasource.username", () -> PG_USER);
            registry.add("spring.datasource.password", () -> PG_PASSWORD);
        }
    }

    /** The data source settings of this run, for a second server node on the same database. */
    public static synchronized Map<String, String> dataSourceProperties() {
        if (databaseUrl == null) {
            throw new IllegalStateException("No server has registered the test database yet");
        }
        return dataSourceProperties(databaseUrl);
    }

    /** The data source settings of a new, empty database of the chosen kind, for a test that needs its own. */
    public static Map<String, String> newDatabase() {
        return dataSourceProperties(createDatabase());
    }

    /** A connection to a database whose settings came from here. */
    public static Connection connect(Map<String, String> dataSource) throws SQLException {
        return DriverManager.getConnection(dataSource.get("spring.datasource.url"),
                dataSource.getOrDefault("spring.datasource.username", "sa"),
                dataSource.getOrDefault("spring.datasource.password", ""));
    }

    private static Map<String, String> dataSourceProperties(String url) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        if (isPostgres()) {
            properties.put("spring.datasource.username", PG_USER);
            properties.put("spring.datasource.password", PG_PASSWORD);
        }
        return properties;
    }

    private static String createDatabase() {
        return isPostgres() ? createPostgresDatabase()
                : "jdbc:h2:mem:schakelpunt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    private static String createPostgresDatabase() {
        String name = "schakelpunt_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return PG_SERVER + name;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, PG_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test database: " + sql + " failed", e);
        }
    }
}
