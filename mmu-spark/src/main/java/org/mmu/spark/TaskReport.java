package org.mmu.spark;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mmu.LoadReport;

/**
 * The keys a Spark run adds to the SDK's report ({@link LoadReport}): per survey the index rows
 * the tasks matched ({@code index_rows_read}: each region's objects plus its margin, summed over
 * tasks), those the driver read ({@code driver_index_rows_read}) and the largest task's
 * ({@code largest_task_index_rows}); overall the number of {@code tasks} and their {@code skew}
 * (slowest task's seconds ÷ the median's).
 */
final class TaskReport {
    private TaskReport() {
    }

    static String json(LoadReport report, List<TaskMetrics.TaskStat> tasks, long[] driverIndexRows) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            ObjectNode root = (ObjectNode) json.readTree(report.toJson());
            root.put("tasks", tasks.size());
            root.put("skew", Math.round(skew(tasks) * 1000) / 1000.0);
            for (int s = 0; s < report.surveyNames().size(); s++) {
                ObjectNode survey = (ObjectNode) root.get("per_survey").get(report.surveyNames().get(s));
                long sum = 0;
                long largest = 0;
                for (TaskMetrics.TaskStat t : tasks) {
                    sum += t.indexRows()[s];
                    largest = Math.max(largest, t.indexRows()[s]);
                }
                survey.put("index_rows_read", sum);
                survey.put("driver_index_rows_read", driverIndexRows[s]);
                survey.put("largest_task_index_rows", largest);
            }
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report we wrote is not JSON", e);
        }
    }

    /** Slowest task ÷ median task (1 for no task or an instant median). */
    static double skew(List<TaskMetrics.TaskStat> tasks) {
        if (tasks.isEmpty()) {
            return 1;
        }
        double[] s = tasks.stream().mapToDouble(TaskMetrics.TaskStat::seconds).sorted().toArray();
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return median > 0 ? s[n - 1] / median : 1;
    }
}
