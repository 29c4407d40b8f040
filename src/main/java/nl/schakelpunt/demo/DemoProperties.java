package nl.schakelpunt.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param enabled whether the demo organisations, patients and records are loaded at start-up */
@ConfigurationProperties(prefix = "schakelpunt.demo")
public record DemoProperties(boolean enabled) {
}
