package dev.flightpipeline.reconciler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ReconcilerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReconcilerApplication.class, args);
    }
}
