package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.input.ResendRequestReader;
import org.bulkresend.instance.RunLocks;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.PasswordStock;
import org.bulkresend.password.Secret;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.settings.DirectoryKind;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk resend job: preflight, resend (chunks), resend the untold, check all were told, report.
 * Wiring only.
 */
@Configuration(proxyBeanMethods = false)
class ResendJobConfiguration {

    static final String JOB_NAME = "bulkResendJob";

    @Bean
    Job bulkResendJob(JobRepository jobRepository, Step preflight, Step resend, Step resendUntold, Step allTold,
            Step report, RunReport runReport, DailyLimit dailyLimit) {
        return new JobBuilder(JOB_NAME, jobRepository).start(preflight)
            .next(resend)
            .next(resendUntold)
            .next(allTold)
            .next(report)
            .listener(new RunEndListener(runReport, dailyLimit))
            .build();
    }

    @Bean
    Step preflight(JobRepository jobRepository, PlatformTransactionManager transactionManager, Directory directory) {
        return new StepBuilder("preflight", jobRepository)
            .tasklet(new PreflightTasklet(directory), transactionManager)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    Step resend(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ResendRequestReader resendRequestReader,
            ResendItemProcessor resendItemProcessor, ResendItemWriter resendItemWriter, DailyLimit dailyLimit,
            RunProgress runProgress) {
        return new StepBuilder("resend", jobRepository)
            .<ResendRequest, ResendItem>chunk(dailyLimit.chunkSize())
            .transactionManager(transactionManager)
            .reader(resendRequestReader)
            .processor(resendItemProcessor)
            .writer(resendItemWriter)
            .listener((StepExecutionListener) dailyLimit)
            .listener((ChunkListener<?, ?>) dailyLimit)
            .listener((StepExecutionListener) runProgress)
            .listener((ChunkListener<?, ?>) runProgress)
            .listener((ChunkListener<?, ?>) resendItemProcessor)
            .build();
    }

    /** Redoes, from the input file, the rows the ledger holds as reset but not told. */
    @Bean
    Step resendUntold(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ResendRequestReader untoldRequestReader,
            ResendItemProcessor resendItemProcessor, ResendItemWriter resendItemWriter, DailyLimit dailyLimit) {
        return new StepBuilder("resendUntold", jobRepository)
            .<ResendRequest, ResendItem>chunk(dailyLimit.chunkSize())
            .transactionManager(transactionManager)
            .reader(untoldRequestReader)
            .processor(resendItemProcessor)
            .writer(resendItemWriter)
            .listener((ChunkListener<?, ?>) dailyLimit)
            .listener((ChunkListener<?, ?>) resendItemProcessor)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    RunReport runReport(ReportWriter reportWriter, Ledger ledger, Directory directory, MessageComposer messageComposer,
            BulkResendProperties properties) {
        return new RunReport(reportWriter, ledger, directory, messageComposer,
                new RunReport.Limits(properties.mail().rate(), properties.mail().dailyLimit(),
                        properties.passwords().length(), properties.chunkSize(), properties.mail().timeZone()));
    }

    @Bean
    DailyLimit dailyLimit(BulkResendProperties properties, MailRoutes mailRoutes, Ledger ledger) {
        long limit = properties.mail().dailyLimit();
        try {
            // A pool whose every mailbox has a limit sends at most their sum a day: a chunk must fit into it.
            List<SenderQuotas.Quota> pool = mailRoutes.configured().map(mailRoutes::quotas).orElse(List.of());
            if (!pool.isEmpty() && pool.stream().allMatch((quota) -> quota.dailyLimit() > 0)) {
                limit = pool.stream().mapToLong(SenderQuotas.Quota::dailyLimit).sum();
            }
        }
        catch (MailSettingsException ex) {
            // The run refuses to start with this setting, in the admin's words; the chunk size does not matter.
        }
        return new DailyLimit((limit > 0) ? (int) Math.min(properties.chunkSize(), limit) : properties.chunkSize(),
                mailRoutes, ledger);
    }

    @Bean
    RunProgress runProgress(Ledger ledger) {
        return new RunProgress(ledger);
    }

    @Bean
    Step allTold(JobRepository jobRepository, PlatformTransactionManager transactionManager, Ledger ledger,
            Directory directory) {
        return new StepBuilder("allTold", jobRepository)
            .tasklet(new AllToldTasklet(ledger, directory), transactionManager)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    Step report(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RunReport runReport) {
        return new StepBuilder("report", jobRepository).tasklet(new ReportTasklet(runReport), transactionManager)
            .allowStartIfComplete(true)
            .build();
    }

    @Bean
    @StepScope
    ResendRequestReader resendRequestReader(@Value("#{jobParameters['input.path']}") String inputPath,
            @Value("#{jobParameters['passwords.use-supplied']}") String useSuppliedPasswords, Directory directory) {
        return new ResendRequestReader(Path.of(inputPath), Boolean.parseBoolean(useSuppliedPasswords),
                directory.nameForms());
    }

    @Bean
    @StepScope
    ResendRequestReader untoldRequestReader(@Value("#{jobParameters['input.path']}") String inputPath,
            @Value("#{jobParameters['passwords.use-supplied']}") String useSuppliedPasswords,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId, Ledger ledger,
            Directory directory) {
        Set<Long> untold = ledger.linesWithStatus(jobInstanceId, Status.RESET_NOT_NOTIFIED);
        return ResendRequestReader.onlyLines(Path.of(inputPath), untold::contains,
                Boolean.parseBoolean(useSuppliedPasswords), directory.nameForms());
    }

    @Bean
    @StepScope
    ResendItemProcessor resendItemProcessor(@Value("#{jobParameters['operator']}") String operator,
            @Value("#{stepExecution.jobExecution}") JobExecution execution, Directory directory,
            MessageTemplates messageTemplates) {
        return new ResendItemProcessor(directory, new ActingOperator(directory, operator), messageTemplates,
                ResendJobParameters.credential(execution.getJobParameters()));
    }

    @Bean
    @StepScope
    ResendItemWriter resendItemWriter(@Value("#{jobParameters['operator']}") String operator,
            @Value("#{jobParameters['operator.first']}") String firstOperator, AuditTrail auditTrail,
            @Value("#{stepExecution.jobExecution}") JobExecution execution,
            @Value("#{jobParameters['resend.notified']}") String resendNotified,
            @Value("#{jobParameters['passwords.ttl']}") String passwordTtl, Directory directory, MailRoutes mailRoutes,
            Ledger ledger, PasswordStock passwordStock, PasswordGenerator passwordGenerator,
            PlatformTransactionManager transactionManager, BulkResendProperties properties, Clock clock,
            RunLocks runLocks) {
        TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        MailRoute route = ResendJobParameters.route(execution.getJobParameters());
        MailChannel channel = mailRoutes.open((route != null) ? route : mailRoutes.forNewRun(),
                DailyLimit.holder(execution));
        // Graph and Active Directory hash passwords themselves: hashing them ahead here would only spend the cores.
        Supplier<Secret> newPasswords = (properties.directory() == DirectoryKind.EMBEDDED) ? passwordStock::take
                : directory.passwords(passwordGenerator)::generate;
        long jobInstanceId = execution.getJobInstanceId();
        CredentialKind credential = ResendJobParameters.credential(execution.getJobParameters());
        LedgerRecords records = new LedgerRecords(jobInstanceId, Boolean.parseBoolean(resendNotified), ledger,
                new ChunkAudit(auditTrail, operator, jobInstanceId, clock, credential), ownTransaction);
        CredentialIssuer issuer = switch (credential) {
            case PASSWORD -> CredentialIssuer.passwords(directory::resetPasswords,
                    (item) -> (item.request().suppliedPassword() != null) ? item.request().suppliedPassword()
                            : newPasswords.get());
            case TAP -> CredentialIssuer.passes(directory,
                    ResendJobParameters.passRequest(execution.getJobParameters()));
        };
        return new ResendItemWriter(new ResetAndTell(jobInstanceId, issuer, channel, records, clock,
                (passwordTtl != null && !passwordTtl.isEmpty()) ? Duration.parse(passwordTtl) : null,
                new DeliveryCircuit(properties.mail().stopAfterFailures()), operator, firstOperator),
                runLocks, execution.getJobParameters().getString(ResendJobParameters.INPUT_SHA256));
    }
}
