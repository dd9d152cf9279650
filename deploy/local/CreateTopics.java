import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates pgclone's topics in one JVM (the broker's TopicCommand would need one JVM per topic), and raises the
 * partition count of an existing topic that has fewer than asked. Run by deploy/local/stack as a single-file
 * program on the broker's classpath:
 * {@code java -cp 'deploy/target/kafka/libs/*' deploy/local/CreateTopics.java 127.0.0.1:9092 topic:partitions...}
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                String name = spec[0];
                int partitions = Integer.parseInt(spec[1]);
                names.add(name);
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                    System.out.println("created topic " + name + " (" + partitions + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
                    if (d.partitions().size() < partitions) {
                        admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions))).all().get();
                        System.out.println("topic " + name + ": partitions raised to " + partitions);
                    }
                }
            }
            System.out.println("topics ready: " + String.join(", ", names));
        }
    }
}
