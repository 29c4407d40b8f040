package nl.schakelpunt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Schakelpunt: a FHIR exchange point for consent-based sharing of medical summaries.
 *
 * <p>HAPI brings Flyway, Quartz and an Elasticsearch client onto the classpath; Boot would
 * otherwise configure (and in Flyway's case run) them. HAPI builds its own entity manager.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration",
        "org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchDataAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchRepositoriesAutoConfiguration",
        "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"
})
@ConfigurationPropertiesScan
public class SchakelpuntApplication {

    public static void main(String[] args) {
        SpringApplication.run(SchakelpuntApplication.class, args);
    }
}
