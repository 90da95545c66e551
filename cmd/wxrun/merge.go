package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxrun/wxrun/load"
)

const mergeLong = `Merges the summaries that the shards of one load run wrote with
'wxrun run --instances N --shard i/n --summary-json FILE' into the summary of the
whole run, and prints it. Counts add up; the connect-time and round-trip histograms
merge bucket by bucket, so the percentiles are those of every sample of every shard,
not averages of the shards' percentiles; errors add up by errMsg; the series
over time add up point by point, each counted from its shard's start.

A shard given twice, or summaries of runs with different instance counts, are an
error; shards that are missing are named on stderr.`

const mergeExample = `  wxrun merge-summaries shard-1.json shard-2.json shard-3.json
  wxrun merge-summaries --summary-json all.json --report all.html results/*.json`

func newMergeCommand() *cobra.Command {
	var summaryJSON, report string
	cmd := &cobra.Command{
		Use:     "merge-summaries [flags] FILE.json...",
		Short:   "Merge the --summary-json files of the shards of a load run",
		Long:    mergeLong,
		Example: mergeExample,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("merge-summaries needs the summary files to merge")
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var sums []*load.Summary
			for _, a := range args {
				s, err := load.ReadSummary(a)
				if err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						return usageErrorf("%v", pathError(err))
					}
					return usageErrorf("%v", err)
				}
				sums = append(sums, s)
			}
			merged, err := load.Merge(sums...)
			if err != nil {
				return usageErrorf("%v", err)
			}
			if missing := merged.Missing(); len(missing) > 0 {
				var names []string
				for _, m := range missing {
					names = append(names, m.String())
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wxrun: missing shards %s: the totals are those of the shards given\n", strings.Join(names, ", "))
			}
			if err := merged.WriteText(cmd.OutOrStdout()); err != nil {
				return err
			}
			if summaryJSON != "" {
				if err := merged.WriteFile(summaryJSON); err != nil {
					return fmt.Errorf("--summary-json: %w", err)
				}
			}
			if report != "" {
				if err := load.WriteReport(report, merged); err != nil {
					return fmt.Errorf("--report: %w", err)
				}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&summaryJSON, "summary-json", "", "also write the merged summary to `FILE` as JSON")
	fs.StringVar(&report, "report", "", "also write the merged run's HTML report to `FILE.html`")
	must(cmd.MarkFlagFilename("summary-json", "json"))
	must(cmd.MarkFlagFilename("report", "html"))
	return cmd
}
