package nl.schakelpunt.fhirserver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says, once the server is ready (demo data included), which profile, database and base URL are
 * in use, so an operator need not guess.
 */
@Component
public class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final Environment environment;
    private final DataSource dataSource;

    public StartupReport(Environment environment, DataSource dataSource) {
        this.environment = environment;
        this.dataSource = dataSource;
    }

    @EventListener
    public void onReady(ApplicationReadyEvent event) throws SQLException {
        String[] profiles = environment.getActiveProfiles().length > 0
                ? environment.getActiveProfiles() : environment.getDefaultProfiles();
        String database;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at " + meta.getURL();
        }
        String address = environment.getProperty("server.address", "0.0.0.0");
        String base = "http://" + address + ":" + ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort() + FhirEndpointConfig.BASE_PATH;
        LOG.info("Profile: {}", String.join(",", Arrays.asList(profiles)));
        LOG.info("Database: {}", database);
        LOG.info("Ready. Point your FHIR client at {}  (health: {})", base,
                base.replace(FhirEndpointConfig.BASE_PATH, "/actuator/health"));
    }
}
