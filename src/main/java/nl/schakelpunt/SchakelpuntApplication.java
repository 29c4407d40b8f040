package nl.schakelpunt;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import nl.schakelpunt.consent.ConsentProperties;

/**
 * Schakelpunt: a FHIR exchange point for consent-based sharing of medical summaries.
 *
 * <p>HAPI brings Flyway, Quartz and an Elasticsearch client onto the classpath; Boot would
 * otherwise configure (and in Flyway's case run) them. HAPI builds its own entity manager.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchDataAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchRepositoriesAutoConfiguration",
        "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"
})
@ConfigurationPropertiesScan
// For the product's own housekeeping (forgetting the owners of expired searches).
@EnableScheduling
public class SchakelpuntApplication {

    /**
     * The one clock of the product, in the time zone in which dates without a time of day are read
     * (a permission's start and end, the window of a summary).
     */
    @Bean
    public Clock clock(ConsentProperties consent) {
        return Clock.system(consent.zone());
    }

    public static void main(String[] args) {
        SpringApplication.run(SchakelpuntApplication.class, args);
    }
}
