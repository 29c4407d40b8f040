package nl.schakelpunt.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import nl.schakelpunt.access.AccessProperties;
import nl.schakelpunt.access.TypePolicy;

/** The access settings as application.yaml gives them, for tests of the plain-Java rules. */
public final class Policies {

    private Policies() {
    }

    public static AccessProperties access() {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("application.yaml", new ClassPathResource("application.yaml"));
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("schakelpunt.access", AccessProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TypePolicy types() {
        return new TypePolicy(access().types());
    }
}
