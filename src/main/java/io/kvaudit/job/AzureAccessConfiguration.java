package io.kvaudit.job;

import io.kvaudit.source.azure.AzureAccess;
import io.kvaudit.source.azure.SdkAzureAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How live scans reach Azure: the SDK's own transport and credentials (tests replace this bean with a fake Azure). */
@Configuration
public class AzureAccessConfiguration {

    @Bean
    public AzureAccess azureAccess() {
        return new SdkAzureAccess();
    }
}
