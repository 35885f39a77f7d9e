package org.bulkresend.config;

import java.nio.file.Path;
import java.time.Clock;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.internal.GraphDirectory;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.followup.Expiry;
import org.bulkresend.followup.FollowUp;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.notify.Cloud;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageSettings;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.notify.internal.GraphMailChannel;
import org.bulkresend.notify.internal.OutboxMailChannel;
import org.bulkresend.notify.internal.SmtpMailChannel;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.password.PasswordStock;
import org.bulkresend.report.ReportWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the parts of the product together; decides nothing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BulkResendProperties.class)
class BulkResendConfiguration {

    /** The sender used when none is given and messages only go to the outbox folder. */
    static final String OUTBOX_SENDER = "bulk-resend@localhost";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @DependsOnDatabaseInitialization
    EmbeddedDatabaseSetup embeddedDatabaseSetup(JdbcClient jdbcClient) {
        return new EmbeddedDatabaseSetup(jdbcClient);
    }

    /** The directory the job works on: the embedded one, or Microsoft Entra ID through Graph. */
    @Bean
    @Primary
    Directory directory(JdbcDirectory embeddedDirectory, ObjectProvider<GraphClient> graphClient,
            BulkResendProperties properties) {
        return properties.usesGraph() ? new GraphDirectory(graphClient.getObject(), properties.graph().batch())
                : embeddedDirectory;
    }

    /** Made only when something uses Graph, so that the embedded directory needs no Graph settings. */
    @Bean
    @Lazy
    GraphClient graphClient(BulkResendProperties properties, Clock clock) {
        return new GraphClient(GraphSetup.settings(properties, clock), clock);
    }

    @Bean
    JdbcDirectory embeddedDirectory(JdbcClient jdbcClient, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
            BulkResendProperties properties, PasswordStock passwordStock, Clock clock) {
        return new JdbcDirectory(jdbcClient, jdbcTemplate, PasswordHashing.encoder(properties.passwords().hashCost()),
                properties.passwords().effectiveHashThreads(), passwordStock, transactionManager, clock);
    }

    /** The next chunks' passwords, hashed while the current chunk's messages go out. */
    @Bean(destroyMethod = "close")
    PasswordStock passwordStock(PasswordGenerator passwordGenerator, BulkResendProperties properties) {
        return new PasswordStock(passwordGenerator, PasswordHashing.encoder(properties.passwords().hashCost()),
                properties.chunkSize(), properties.passwords().effectiveHashThreads());
    }

    @Bean
    AuditTrail auditTrail(NamedParameterJdbcTemplate namedParameterJdbcTemplate, Clock clock) {
        return new AuditTrail(namedParameterJdbcTemplate, clock);
    }

    @Bean
    OperatorSignIn operatorSignIn(Directory directory, AuditTrail auditTrail, BulkResendProperties properties,
            Clock clock) {
        return new OperatorSignIn(directory, auditTrail, clock, properties.signInFailureDelay());
    }

    @Bean
    Ledger ledger(JdbcClient jdbcClient, NamedParameterJdbcTemplate namedParameterJdbcTemplate, Clock clock) {
        return new Ledger(jdbcClient, namedParameterJdbcTemplate, clock);
    }

    @Bean
    FollowUp followUp(Ledger ledger, Directory directory, Clock clock) {
        return new FollowUp(ledger, directory, clock);
    }

    @Bean
    Expiry expiry(Ledger ledger, Directory directory, AuditTrail auditTrail, BulkResendProperties properties,
            Clock clock) {
        return new Expiry(ledger, directory, auditTrail, clock, properties.chunkSize());
    }

    @Bean
    ReportWriter reportWriter(Ledger ledger) {
        return new ReportWriter(ledger);
    }

    @Bean
    PasswordGenerator passwordGenerator(BulkResendProperties properties) {
        return new PasswordGenerator(properties.passwords().length());
    }

    @Bean
    MessageTemplates messageTemplates(BulkResendProperties properties) {
        Path folder = properties.mail().templates();
        return new MessageTemplates((folder != null) ? folder.toAbsolutePath().normalize() : null,
                properties.mail().defaultLocale());
    }

    @Bean
    MessageComposer messageComposer(BulkResendProperties properties, MessageTemplates templates, Clock clock) {
        String from = properties.mail().from();
        MessageSettings settings = new MessageSettings((from == null || from.isBlank()) ? OUTBOX_SENDER : from,
                Cloud.parse(properties.mail().cloud()), properties.mail().effectiveSignInUrl(),
                properties.mail().helpdesk(), properties.mail().timeZone());
        return new MessageComposer(settings, templates, clock);
    }

    @Bean
    MailChannel mailChannel(ObjectProvider<JavaMailSenderImpl> smtp, ObjectProvider<GraphClient> graphClient,
            MessageComposer composer, BulkResendProperties properties, Clock clock) {
        String from = properties.mail().from();
        boolean noSender = from == null || from.isBlank();
        if (properties.mail().sendsThroughGraph()) {
            return new GraphMailChannel(graphClient.getObject(), composer, noSender ? null : from.strip());
        }
        JavaMailSenderImpl sender = smtp.getIfAvailable();
        return (sender != null) ? new SmtpMailChannel(sender, composer, !noSender)
                : new OutboxMailChannel(properties.outbox().toAbsolutePath(), composer, clock);
    }
}
