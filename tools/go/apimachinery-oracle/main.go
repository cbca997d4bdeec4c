// apimachinery-oracle answers questions about Kubernetes quantities and label selectors with
// apimachinery 1.20.2 itself, so that Kube.Client's implementations can be compared with it.
//
// It reads one JSON question per line on stdin and writes one JSON answer per line on stdout:
//
//	{"kind":"quantity","text":"1.5Gi"}
//	  -> {"valid":true,"value":"1610612736","format":"BinarySI","canonical":"1536Mi"}
//	{"kind":"selector","text":"app in (web),!canary","labels":{"app":"web"}}
//	  -> {"valid":true,"canonical":"!canary,app in (web)","matches":true}
//
// "value" is the exact decimal value, without exponent or trailing fractional zeros; an invalid
// input has "valid":false and "error" with apimachinery's message.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/labels"
)

type question struct {
	Kind   string            `json:"kind"`
	Text   string            `json:"text"`
	Labels map[string]string `json:"labels"`
}

type answer struct {
	Valid     bool   `json:"valid"`
	Error     string `json:"error,omitempty"`
	Value     string `json:"value,omitempty"`
	Format    string `json:"format,omitempty"`
	Canonical string `json:"canonical,omitempty"`
	Matches   *bool  `json:"matches,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var q question
		var a answer
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			a = answer{Error: "bad question: " + err.Error()}
		} else {
			switch q.Kind {
			case "quantity":
				a = quantity(q.Text)
			case "selector":
				a = selector(q.Text, q.Labels)
			default:
				a = answer{Error: fmt.Sprintf("unknown kind %q", q.Kind)}
			}
		}
		if err := enc.Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// Answer each line at once: the caller may wait for it before asking the next.
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func quantity(text string) answer {
	q, err := resource.ParseQuantity(text)
	if err != nil {
		return answer{Error: err.Error()}
	}
	d := q.AsDec()
	return answer{Valid: true, Value: plain(d.UnscaledBig(), int64(d.Scale())), Format: string(q.Format), Canonical: q.String()}
}

// plain writes unscaled * 10^-scale as a plain decimal number with no trailing fractional zeros.
func plain(unscaled *big.Int, scale int64) string {
	digits := new(big.Int).Abs(unscaled).String()
	sign := ""
	if unscaled.Sign() < 0 {
		sign = "-"
	}
	if unscaled.Sign() == 0 {
		return "0"
	}
	if scale <= 0 {
		return sign + digits + strings.Repeat("0", int(-scale))
	}
	for int64(len(digits)) <= scale {
		digits = "0" + digits
	}
	point := int64(len(digits)) - scale
	integer, fraction := digits[:point], strings.TrimRight(digits[point:], "0")
	if fraction == "" {
		return sign + integer
	}
	return sign + integer + "." + fraction
}

func selector(text string, set map[string]string) answer {
	s, err := labels.Parse(text)
	if err != nil {
		return answer{Error: err.Error()}
	}
	m := s.Matches(labels.Set(set))
	return answer{Valid: true, Canonical: s.String(), Matches: &m}
}
