package org.bulkresend.config;

import org.bulkresend.instance.InstanceName;
import org.bulkresend.instance.PostgresRunLocks;
import org.bulkresend.instance.RunLocks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Which instance runs which file: with a PostgreSQL database ({@code --database}) several
 * instances may share it, and a run is held by a lock of the database; with the embedded
 * database the data directory's lock already makes this process the only one.
 */
@Configuration(proxyBeanMethods = false)
class InstanceConfiguration {

    static final String POSTGRESQL = "jdbc:postgresql:";

    /** Closed with the context: its connection, and with it every hold this instance had, goes. */
    @Bean
    RunLocks runLocks(Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith(POSTGRESQL)) {
            return RunLocks.oneProcess();
        }
        return new PostgresRunLocks(url, environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"), InstanceName.current());
    }
}
