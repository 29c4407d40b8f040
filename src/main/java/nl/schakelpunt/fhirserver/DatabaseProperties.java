package nl.schakelpunt.fhirserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Which database the server runs on.
 *
 * @param dialect      the SQL dialect HAPI speaks to it
 * @param schemaAction what Hibernate does with the schema at start-up ({@code update} creates
 *                     missing tables, columns and indexes; {@code validate} only checks)
 */
@Validated
@ConfigurationProperties(prefix = "schakelpunt.database")
public record DatabaseProperties(@NotNull Dialect dialect, @NotBlank String schemaAction) {

    /** The databases the product supports, each with HAPI's own dialect for it. */
    public enum Dialect {
        H2("ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect"),
        POSTGRES("ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect");

        private final String className;

        Dialect(String className) {
            this.className = className;
        }

        public String className() {
            return className;
        }
    }
}
