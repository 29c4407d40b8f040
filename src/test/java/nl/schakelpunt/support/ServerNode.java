package nl.schakelpunt.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import nl.schakelpunt.SchakelpuntApplication;

/**
 * A server node a test starts and closes itself, beside the shared test server: on the database that server
 * made (a second node), or with its data source settings changed (a database of its own, another way to reach
 * it). On a free port, trusting the test issuer, without demo data.
 */
public final class ServerNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServerNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A node on the test database, with these settings changed (a data source URL, say). */
    public static ServerNode start(Class<?> testClass, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(TestDatabase.dataSourceProperties());
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("schakelpunt.demo.enabled", "false");
        properties.put("schakelpunt.security.issuers[0].issuer", TestTokens.ISSUER);
        properties.put("schakelpunt.security.issuers[0].public-keys[0]", TestTokens.publicKeyPem());
        properties.putAll(overrides);
        // As command-line arguments: they take precedence over the profile's own database settings.
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ServerNode(new SpringApplicationBuilder(SchakelpuntApplication.class)
                .profiles(new TestProfiles().resolve(testClass))
                .run(arguments));
    }

    /** The node's application context, for what a test checks inside it. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** A client of this node, without a token. */
    public FhirHttp fhir() {
        return FhirHttp.at("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Override
    public void close() {
        context.close();
    }
}
