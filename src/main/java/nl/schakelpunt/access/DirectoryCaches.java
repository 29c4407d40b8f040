package nl.schakelpunt.access;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * The caches of what the directory says (a requester's organisation by URA, a holder and its health centre), under
 * one rule: an entry is remembered for {@code schakelpunt.access.organization-cache-ttl} and every cache is cleared
 * when an Organization is written on this node. Another node sees a change within that time; permissions are never
 * cached.
 */
@Component
@Interceptor
public class DirectoryCaches implements StorageInterceptor {

    /** Far more organisations than the directory holds: the bound only keeps a misbehaving client from growing it. */
    private static final long MAXIMUM_ENTRIES = 100_000;

    private final AccessProperties properties;
    private final Clock clock;
    private final List<Cache<?, ?>> caches = new CopyOnWriteArrayList<>();

    public DirectoryCaches(AccessProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** A new cache under the rule. */
    public <K, V> Cache<K, V> create() {
        Cache<K, V> cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.organizationCacheTtl())
                .maximumSize(MAXIMUM_ENTRIES)
                // The product's one clock, so that expiry follows the time the rest of the server sees.
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
        caches.add(cache);
        return cache;
    }

    /** Forgets everything remembered. */
    public void forgetAll() {
        caches.forEach(Cache::invalidateAll);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        forgetOnOrganization(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        forgetOnOrganization(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        forgetOnOrganization(resource);
    }

    private void forgetOnOrganization(IBaseResource resource) {
        if (resource != null && "Organization".equals(resource.fhirType())) {
            forgetAll();
        }
    }
}
