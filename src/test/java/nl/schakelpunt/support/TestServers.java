package nl.schakelpunt.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import nl.schakelpunt.SchakelpuntApplication;

/**
 * Server nodes a test starts and closes itself, beside the shared test server: on the same database
 * (a second node) or on one of their own (an upgrade). They trust the test tokens and load no demo data.
 */
public final class TestServers {

    private TestServers() {
    }

    /** Starts a node on the database these data source settings name. */
    public static ConfigurableApplicationContext start(Map<String, String> dataSource) {
        Map<String, String> properties = new LinkedHashMap<>(dataSource);
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("schakelpunt.demo.enabled", "false");
        properties.put("schakelpunt.security.issuers[0].issuer", TestTokens.ISSUER);
        properties.put("schakelpunt.security.issuers[0].public-keys[0]", TestTokens.publicKeyPem());
        // As command-line arguments: they take precedence over the profile's own database settings.
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(SchakelpuntApplication.class)
                .profiles(new TestProfiles().resolve(TestServers.class))
                .run(arguments);
    }

    /** A client without a token for a node started here. */
    public static FhirHttp client(ConfigurableApplicationContext node) {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        return FhirHttp.at("http://127.0.0.1:" + port);
    }
}
