"""DeepSeek-R1: how R1-Zero and R1 were trained (a pipeline diagram) and how far distilled students
get (published scores from content/deepseek_r1.toml, every number cited)."""

import streamlit as st

import ui
from charts import deepseek_r1 as charts
from sims import distillation as sims

PAGE = "deepseek_r1"
LANES = {"all": "all", "R1-Zero": "r1_zero", "R1": "r1", "distillation": "distill"}
BENCHMARKS = {"AIME-2024": "aime", "MATH-500": "math500"}
METRICS = {"pass@1": ("pass1",), "cons@64": ("cons64",), "both": ("pass1", "cons64")}
FAMILIES = {"all": "all", "Qwen": "qwen", "Llama": "llama"}
QUESTION_MODEL = "R1-Distill-Qwen-7B"
load = ui.cached(sims.load_distillation)
compare = ui.cached(sims.compare_students)
pipeline = ui.cached_figure(charts.pipeline)

ctx = ui.page(PAGE, "DeepSeek-R1 and distillation")
data = load()
zero, teacher = data.r1_zero, data.teacher

# --- The pipeline ---------------------------------------------------------------------------------
lane = ui.select("r1.lane", "Highlight in the pipeline", list(LANES), value="all", horizontal=True,
                 help="Fade the other lanes to talk through one recipe at a time.")
zero_points, zero_factor = sims.r1_zero_gain(data)
ui.chart(pipeline(data.stages, data.r1_zero, data.teacher, highlight=LANES[lane]),
         chart_id="r1.pipeline",
         alt=f"Diagram. R1-Zero: DeepSeek-V3-Base, then large-scale RL with rule-based rewards; AIME 2024 "
         f"pass@1 rose from {zero.aime_pass1_start:.1f}% to {zero.aime_pass1_end:.1f}%. R1: the "
         "same base, then cold-start SFT, reasoning RL (GRPO), rejection sampling with a second SFT, and RL "
         f"for all scenarios; AIME pass@1 {teacher.aime_pass1:.1f}%. Distillation fine-tunes Qwen2.5 and "
         "Llama students on R1's traces.")

m = st.columns(3)
m[0].metric("R1-Zero AIME pass@1 during RL", f"{zero.aime_pass1_start:.1f}% → "
            f"{zero.aime_pass1_end:.1f}%", help=data.r1_zero.source)
m[1].metric("Gain from RL alone", f"+{zero_points:.1f} points", f"{zero_factor:.1f}× the start",
            delta_color="off")
m[2].metric("DeepSeek-R1 AIME pass@1", f"{teacher.aime_pass1:.1f}%", help=data.teacher.source)

# --- Distillation: controls ------------------------------------------------------------------------
st.subheader("Distilled students")
c1, c2, c3, c4 = st.columns(4)
with c1:
    bench_label = ui.select("r1.bench", "Benchmark", list(BENCHMARKS), value="AIME-2024",
                            help="AIME 2024: 30 competition problems. MATH-500: 500 MATH test problems.")
with c2:
    metric = ui.select("r1.metric", "Metric", list(METRICS), value="pass@1",
                       help="pass@1: mean accuracy of single samples. cons@64: majority vote of 64 samples.")
with c3:
    view = ui.select("r1.view", "Show", ["score", "share-of-R1"], value="score",
                     help="The raw score, or the student's score as a share of R1's pass@1.")
with c4:
    family = ui.select("r1.family", "Students", list(FAMILIES), value="all",
                       help="Students built on Qwen2.5 or on Llama base models.")
bench, share = BENCHMARKS[bench_label], view == "share-of-R1"
available = sims.reported_metrics(data, benchmark=bench, with_teacher=share)
metrics = tuple(x for x in METRICS[metric] if x in available) or available[:1]
if metrics != METRICS[metric]:
    st.info(f"{'Shares use' if share else 'The sources report'} only pass@1 "
            f"{'(R1 has no cons@64 in our sources)' if share else 'on MATH-500'}, so pass@1 is shown.",
            icon=":material/info:")
comparisons = [compare(data, benchmark=bench, metric=x, family=FAMILIES[family]) for x in metrics]

# --- Predict, then see ------------------------------------------------------------------------------
kept = sims.share_of_teacher(data, name=QUESTION_MODEL, benchmark=bench)
revealed = ui.predict(
    PAGE, f"{QUESTION_MODEL} has 7B parameters; R1 has {data.teacher.params_b:g}B. What share of R1's "
    f"{charts.BENCHMARK_LABEL[bench]} pass@1 does the student keep?",
    answer=round(100 * kept, 1), unit="%", abs_tol=5.0, min_value=0.0, max_value=100.0, step=1.0,
    settings=charts.BENCHMARK_LABEL[bench],
    explain="Distillation hands the student the teacher's finished reasoning traces, so it learns "
    "solution patterns without paying for RL. The harder benchmark (AIME) leaves a bigger gap than the "
    "easier one (MATH-500).",
)

# --- Scores against size -----------------------------------------------------------------------------
ghosts = ui.pin_controls("r1.scores", charts.comparison_curves(comparisons, share=share),
                         label=f"{bench_label} {metric} {view}, {family}")
first = comparisons[0]
ui.chart(charts.scores_vs_size(comparisons, data.teacher, share=share, ghosts=ghosts), chart_id="r1.scores",
         data=charts.comparison_table(comparisons),
         alt=f"{charts.BENCHMARK_LABEL[bench]} {charts.METRIC_LABEL[first.metric]} against student size: "
         + "; ".join(f"{n} {s:.1f}%" for n, s in zip(first.names, first.scores, strict=True))
         + (f"; DeepSeek-R1 {first.teacher_score:.1f}%." if first.teacher_score is not None else "."))
st.caption(f"Source: {data.source_name}. Evaluation: {data.evaluation}.")

# --- pass@1 vs cons@64 ----------------------------------------------------------------------------------
gain = sims.consensus_gain(data, family=FAMILIES[family])
ui.chart(charts.consensus_dumbbell(gain), chart_id="r1.consensus", data=charts.consensus_table(gain),
         alt="AIME 2024, one sample vs majority of 64: " + "; ".join(
             f"{n} {a:.1f}% to {b:.1f}%" for n, a, b in zip(gain.names, gain.pass1, gain.cons64, strict=True)
         ) + ".")

# --- What to notice ----------------------------------------------------------------------------------
notes = [
    f"R1-Zero's AIME pass@1 went from {zero.aime_pass1_start:.1f}% to {zero.aime_pass1_end:.1f}% "
    f"with RL and rule-based rewards only: {zero_factor:.1f}× its starting score.",
    f"Best student here on {charts.BENCHMARK_LABEL[bench]} {charts.METRIC_LABEL[first.metric]}: "
    f"{first.best_name} at {first.best_score:.1f}%"
    + (f", against R1's {first.teacher_score:.1f}%." if first.teacher_score is not None else "."),
    f"Voting over 64 samples adds the most to {gain.largest_gain_name}: "
    f"+{gain.largest_gain_points:.1f} points on AIME 2024.",
]
if revealed:
    notes.append(f"{QUESTION_MODEL} keeps {kept:.1%} of R1's {charts.BENCHMARK_LABEL[bench]} pass@1.")
ui.what_to_notice(notes)

ui.show_model(
    [sims.compare_students, sims.consensus_gain, sims.share_of_teacher, sims.r1_zero_gain],
    citations=[
        ui.Citation("AIME 2024 pass@1 and cons@64, MATH-500 pass@1 of R1 and the six R1-Distill models "
                    "(R1 79.8 / 97.3; Qwen-1.5B 28.9 / 52.7 / 83.9; Qwen-7B 55.5 / 83.3 / 92.8; Qwen-14B "
                    "69.7 / 80.0 / 93.9; Qwen-32B 72.6 / 83.3 / 94.3; Llama-8B 50.4 / 80.0 / 89.1; Llama-70B "
                    "70.0 / 86.7 / 94.5)", "DeepSeek-R1 README, distilled-model evaluation", data.source_url),
        ui.Citation("R1-Zero AIME 2024 pass@1 15.6% → 71.0% during RL; rule-based accuracy and format "
                    "rewards; the R1 pipeline (cold-start SFT, reasoning RL, rejection sampling + SFT, RL "
                    "for all scenarios)", "DeepSeek-AI 2025, arXiv 2501.12948",
                    "https://arxiv.org/abs/2501.12948"),
        ui.Citation("DeepSeek-V3-Base: 671B-parameter MoE, 37B active per token", "the article; DeepSeek-V3 "
                    "report"),
        ui.Citation("GRPO's group-relative advantage", "Shao et al. 2024, DeepSeekMath (arXiv 2402.03300)",
                    "https://arxiv.org/abs/2402.03300"),
        ui.Citation("Evaluation: 64 samples per query, temperature 0.6, top-p 0.95, 32,768 max tokens",
                    "DeepSeek-R1 README", data.source_url),
        ui.Citation("AIME 2024: the two 2024 AIME papers (I and II) of 15 problems each; MATH-500: a 500-"
                    "problem subset of the MATH test set", "MAA AIME 2024; Lightman et al. 2023 (arXiv "
                    "2305.20050)", "https://arxiv.org/abs/2305.20050"),
    ],
)
