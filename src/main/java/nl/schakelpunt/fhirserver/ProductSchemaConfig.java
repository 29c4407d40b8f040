package nl.schakelpunt.fhirserver;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The product's own tables and indexes ({@code sp_*}), made and upgraded by the versioned migrations
 * in {@code db/schakelpunt} at start-up, with a history table of their own. HAPI's tables are not
 * theirs: Hibernate and HAPI's migrator look after those (ADR 2, ADR 20).
 */
@Configuration
public class ProductSchemaConfig {

    public static final String HISTORY_TABLE = "sp_schema_history";
    static final String MIGRATIONS = "classpath:db/schakelpunt";
    static final String BEAN = "productSchema";

    private static final Logger LOG = LoggerFactory.getLogger(ProductSchemaConfig.class);

    @Bean(name = BEAN)
    public Flyway productSchema(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .table(HISTORY_TABLE)
                // A database of a release before migrations holds these tables (and HAPI's) but no history:
                // its history starts below V1, so that V1 still runs and completes what an older release lacked.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("tables of a release before migrations")
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("Product schema at version {}; migrations applied at this start: {}",
                flyway.info().current().getVersion(), result.migrationsExecuted);
        return flyway;
    }

    /**
     * Every JdbcTemplate waits for the migrations, and with it every bean that reads or writes the product's
     * tables: the hooks, the demo data, the scheduled clean-ups.
     */
    @Bean
    public static BeanFactoryPostProcessor jdbcAfterProductSchema() {
        return new AbstractDependsOnBeanFactoryPostProcessor(JdbcOperations.class, BEAN) {
        };
    }

    /**
     * HAPI's entity manager, and with it Hibernate's making of HAPI's tables, waits too: on a new database
     * the migrations then find it empty and start at V1 without a baseline, whatever order Spring would pick.
     */
    @Bean
    public static BeanFactoryPostProcessor hapiSchemaAfterProductSchema() {
        return new EntityManagerFactoryDependsOnPostProcessor(BEAN);
    }
}
