package nl.schakelpunt.conformance;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled      whether every write is validated against its profile (switch off only to measure
 *                     what validation costs)
 * @param whenDeclared profiles of the implementation guide that apply only to a resource that declares
 *                     them in {@code meta.profile}: a second profile of a type that its first one
 *                     (the default) would contradict
 */
@ConfigurationProperties(prefix = "schakelpunt.validation")
public record ValidationProperties(boolean enabled, List<String> whenDeclared) {

    public ValidationProperties {
        whenDeclared = whenDeclared == null ? List.of() : List.copyOf(whenDeclared);
    }
}
