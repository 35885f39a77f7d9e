package org.bulkresend.config;

import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.storage.DataDirectoryStorage;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The watch that makes a commit fail when the data directory cannot keep it. As a
 * {@code TransactionExecutionListener} bean, Spring Boot adds it to the transaction manager that
 * every commit of the job, the ledger and the embedded directory goes through.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /**
     * @param minFree the free space the data directory's device must keep before a chunk's
     * passwords are stored: room for the chunk's records and, when the outbox is on the same
     * device, its messages (a chunk of 1000 needs about 10 MB)
     */
    @Bean(destroyMethod = "close")
    DataDirectoryStorage dataDirectoryStorage(BulkResendProperties properties,
            @Value("${bulk-resend.data-dir-min-free:64MB}") DataSize minFree) {
        return new DataDirectoryStorage(properties.dataDir(), minFree.toBytes());
    }
}
