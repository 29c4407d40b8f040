package nl.schakelpunt.fhirserver;

import java.util.Properties;

import javax.sql.DataSource;

import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;

/**
 * The lean HAPI FHIR JPA wiring: only the configuration classes the product needs (R4 storage,
 * search, Batch2 for reindexing jobs and the in-memory channel Batch2 requires), plus the beans
 * HAPI expects the application to provide (storage settings, entity manager, transactions).
 */
@Configuration
@EnableTransactionManagement
@Import({
        JpaR4Config.class,
        HapiJpaConfig.class,
        ThreadPoolFactoryConfig.class,
        JpaBatch2Config.class,
        Batch2JobsConfig.class,
        SubscriptionChannelConfig.class
})
public class FhirServerConfig {

    @Bean
    public JpaStorageSettings storageSettings(FhirServerProperties properties) {
        JpaStorageSettings settings = new JpaStorageSettings();
        // Holders send whole records; references must resolve inside the exchange point.
        settings.setAllowExternalReferences(false);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        // A match URL inside a transaction skips the read hooks: it would let a client probe for data.
        settings.setAllowInlineMatchUrlReferences(false);
        settings.setAllowMultipleDelete(false);
        settings.setExpungeEnabled(false);
        settings.setDeleteExpungeEnabled(false);
        // :contains where an allow-list offers it (an organisation's name, for finding a practice or pharmacy);
        // the allow-lists refuse it everywhere else before storage is asked.
        settings.setAllowContainsSearches(true);
        settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
        settings.setAdvancedHSearchIndexing(false);
        settings.setHibernateSearchIndexFullText(false);
        settings.setHibernateSearchIndexSearchParams(false);
        settings.setMaximumTransactionBundleSize(properties.maxTransactionEntries());
        // Every search runs against the current state: a withdrawn permission must count at once.
        settings.setReuseCachedSearchResultsForMillis(null);
        settings.setExpireSearchResultsAfterMillis(properties.searchExpiry().toMillis());
        // Batch entries one after the other: the access and audit state of a request is per request,
        // not shared between threads.
        settings.setBundleBatchPoolSize(1);
        settings.setBundleBatchMaxPoolSize(1);
        settings.setStoreMetaSourceInformation(JpaStorageSettings.StoreMetaSourceInformationEnum.NONE);
        settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
        // Value sets are expanded in memory when a code is checked; HAPI's scheduled pre-expansion
        // into the terminology tables needs its full-text index, which the server does not run.
        settings.setEnableTaskPreExpandValueSets(false);
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Primary
    @Bean(name = "entityManagerFactory")
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            DatabaseProperties database) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        Properties jpa = new Properties();
        jpa.put(AvailableSettings.DIALECT, database.dialect().className());
        jpa.put(AvailableSettings.HBM2DDL_AUTO, database.schemaAction());
        jpa.put(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
        jpa.put(AvailableSettings.ORDER_INSERTS, "true");
        jpa.put(AvailableSettings.ORDER_UPDATES, "true");
        jpa.put(AvailableSettings.SHOW_SQL, "false");
        jpa.put("hibernate.search.enabled", "false");
        factory.setJpaProperties(jpa);
        return factory;
    }

    @Primary
    @Bean
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
