package nl.schakelpunt.portal;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The pages' language: Dutch unless the person chose English (?lang=en on any page), remembered in a cookie; and the
 * browser's way to the front page from the FHIR base.
 */
@Configuration
class WebPagesConfig implements WebMvcConfigurer {

    static final Locale DUTCH = Locale.forLanguageTag("nl");

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("schakelpunt-language");
        resolver.setDefaultLocale(DUTCH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/", "/portal/**", "/desk/**");
    }

    @Bean
    FilterRegistrationBean<BrowserLandingFilter> browserLanding() {
        FilterRegistrationBean<BrowserLandingFilter> registration = new FilterRegistrationBean<>(new BrowserLandingFilter());
        registration.addUrlPatterns("/fhir", "/fhir/");
        // Before the token check, which would answer a browser with a 401 in JSON; after the readiness gate.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
