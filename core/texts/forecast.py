"""Texts of the forecast page (``/forecast``): key → (Chinese, English)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "forecast.nav": ("空气质量预报", "Forecasts"),
    "forecast.tab_title": ("空气质量预报 · 一张图", "Forecasts · One Map"),
    "forecast.title": ("未来7天空气质量预报", "7-day air-quality forecast"),
    "forecast.where": ("城市或站点", "City or station"),
    "forecast.issued_at": ("起报日", "Issue day"),
    "forecast.issued_hint": ("起报日为已知数据的最后一天；默认库中最新一天。",
                             "The issue day is the last day with known data; by default the "
                             "latest day in the store."),
    "forecast.pollutant": ("指标", "Variable"),
    "forecast.weeks": ("回看周数", "Weeks back"),
    "forecast.lead": ("预报时效", "Lead"),
    "forecast.lead_n": ("第{n}天", "day {n}"),
    "forecast.city": ("城市", "city"),
    "forecast.station": ("站点", "station"),
    "forecast.median": ("预报中位数", "Median forecast"),
    "forecast.band": ("{p}% 预报区间", "{p}% interval"),
    "forecast.observed": ("实测", "Observed"),
    "forecast.recent": ("近期实测", "Recent observations"),
    "forecast.unit": ("单位", "unit"),
    "forecast.date": ("日期", "Date"),
    "forecast.value": ("预报值", "Forecast"),
    "forecast.interval": ("区间", "Interval"),
    "forecast.level": ("级别", "Level"),
    "forecast.level_axis": ("AQI 级别色带按各日适用标准（{std}）", "AQI level bands of the "
                            "standard in force on each date ({std})"),
    "forecast.model_version": ("模型版本", "Model version"),
    "forecast.issued": ("起报 {day}（数据截至当日）", "Issued {day} (data up to that day)"),
    "forecast.in_sample": ("回放：目标日在模型训练期内，这是对历史的复现，不是真正的预报。",
                           "Replay: the target days lie inside the model's training period; "
                           "this reproduces the past, it is not a genuine forecast."),
    # the shipped model exists only under Hefei's code (340100, forecasting/sample_models):
    # it is Hefei's whichever region is served
    "forecast.sample_model": ("随系统提供的示例模型（以合肥日均值样本训练）",
                              "the sample model shipped with the app (trained on the Hefei "
                              "daily sample)"),
    "forecast.trained_model": ("本地重新训练的模型", "a model retrained on this server"),
    # warning
    "forecast.warning": ("重污染天气预警", "Heavy-pollution warning"),
    "forecast.warning.none": ("未达到预警条件", "No warning"),
    "forecast.warning.yellow": ("黄色预警（Ⅲ级）", "Yellow (level III)"),
    "forecast.warning.orange": ("橙色预警（Ⅱ级）", "Orange (level II)"),
    "forecast.warning.red": ("红色预警（Ⅰ级）", "Red (level I)"),
    "forecast.warning.gap": ("预报AQI有缺测，无法判定预警：", "A gap in the forecast AQI; "
                             "the warning cannot be assessed: "),
    "forecast.warning.rule": ("触发规则：预测日AQI>{above}持续{days}天",
                              "Rule: forecast daily AQI > {above} for ≥ {days} days"),
    "forecast.warning.rule_and": ("，且日AQI>{above}持续{days}天",
                                  " and > {above} for ≥ {days} day(s)"),
    "forecast.warning.days": ("触发日期：", "Days: "),
    "forecast.warning.none_rule": (
        "黄色：日AQI>200 或 日AQI>150持续2天；橙色：日AQI>200持续2天 或 >150持续3天；"
        "红色：日AQI>200持续3天且>300持续1天。",
        "Yellow: AQI > 200, or > 150 for 2 days; orange: > 200 for 2 days, or > 150 for 3 "
        "days; red: > 200 for 3 days with > 300 on 1 day."),
    "forecast.warning.basis": ("依据：{basis}（按预测日AQI）", "Basis: {basis} (forecast "
                               "daily AQI)"),
    # notices
    "forecast.notice.no_model": (
        "该地没有可用的训练模型，下面是标注为基准方法的预报（持续性：明天与今天相同）。",
        "No trained model for this place: the forecast below is a labelled baseline "
        "(persistence: tomorrow as today)."),
    "forecast.notice.stale": (
        "模型已过期（训练数据距起报日太久或特征版本不符），下面是基准方法的预报。请重新训练。",
        "The model is stale (its training data ends too long before the issue day, or its "
        "feature layout changed): the forecast below is a baseline. Retrain it."),
    "forecast.notice.station_short": (
        "站点 {where} 没有逐日预报模型：库中只有 {first} 至 {last} 的逐时数据，"
        "按 GB 3095 表4 有效的日均值 {have} 天；按城市模型的同样方法训练至少需要 {need} 天"
        "（12个月验证期 + 之前60天）。请选择城市查看预报。",
        "Station {where} has no daily model: the store holds hourly data from {first} to "
        "{last}, {have} valid daily values by GB 3095 Table 4; training it the way the city "
        "model is trained needs at least {need} days (12 months of validation + 60 days "
        "before). Choose the city for a forecast."),
    "forecast.notice.no_forecast": ("无法给出预报：", "No forecast: "),
    "forecast.baseline_label": ("基准方法：{m}（非训练模型）", "Baseline: {m} (not a trained "
                                "model)"),
    # model card
    "forecast.card": ("模型卡", "Model card"),
    "forecast.card.version": ("版本", "Version"),
    "forecast.card.source": ("来源", "Source"),
    "forecast.card.training": ("训练期", "Training period"),
    "forecast.card.validation": ("验证期（选方法、定区间）", "Validation (method choice, "
                                 "intervals)"),
    "forecast.card.features": ("特征", "Features"),
    "forecast.card.methods": ("候选方法", "Candidates"),
    "forecast.card.created": ("训练时间（UTC）", "Trained (UTC)"),
    "forecast.card.none": ("无模型", "No model"),
    "forecast.skill": ("回测技巧（滚动起报，{a} 至 {b}）", "Backtest skill (rolling origin, "
                       "{a} … {b})"),
    "forecast.skill.note": (
        "技巧 = 1 − RMSE/RMSE参照；>0 表示优于参照。命中率 = AQI级别完全一致的比例。"
        "融合 = 岭回归与梯度提升的平均；AQI 由各污染物预报浓度计算，方法列出其来源。"
        "数据来自已存回测（python -m decision_models.forecast backtest）。",
        "Skill = 1 − RMSE/RMSE of the reference; above 0 beats it. Hit rate = share of days "
        "with the exact AQI level. Blend = mean of ridge and gradient boosting; the AQI is "
        "computed from the pollutant forecasts, its method lists their sources. From the "
        "stored backtest (python -m "
        "decision_models.forecast backtest)."),
    "forecast.skill.scope": (
        "回测评估的是训练方法（每个起报日只用当时以前的数据滚动重训）；在用模型以全部数据训练，"
        "回测期内的日期对它属于样本内。",
        "The backtest scores the training procedure (refitted on data up to each origin); "
        "the model in service was trained on all the data, so for dates inside the backtest "
        "period it is in-sample."),
    "forecast.method.persistence": ("持续性", "persistence"),
    "forecast.method.climatology": ("气候态", "climatology"),
    "forecast.method.seasonal_naive": ("季节朴素", "seasonal naive"),
    "forecast.method.ridge": ("岭回归", "ridge"),
    "forecast.method.hgb": ("梯度提升树", "gradient boosting"),
    "forecast.method.blend": ("融合", "blend"),
    "forecast.skill.method": ("方法", "Method"),
    "forecast.skill.rmse": ("RMSE", "RMSE"),
    "forecast.skill.vs_pers": ("对持续性技巧", "Skill vs persistence"),
    "forecast.skill.vs_clim": ("对气候态技巧", "Skill vs climatology"),
    "forecast.skill.hit": ("级别命中率（模型/持续性）", "Level hit rate (model / persistence)"),
    "forecast.skill.cover": ("区间覆盖率", "Interval coverage"),
    "forecast.skill.none": ("该地没有已存回测。", "No stored backtest for this place."),
    "forecast.notbetter": ("模型未胜过持续性的地方", "Where the model does not beat "
                           "persistence"),
    "forecast.notbetter.rmse": ("{p} 第{leads}天：RMSE 不低于持续性（{a:.2f} 对 {b:.2f}）。",
                                "{p} lead {leads}: RMSE not below persistence ({a:.2f} vs "
                                "{b:.2f})."),
    "forecast.notbetter.hit_rate": (
        "{p} 第{leads}天：持续性的级别命中率更高（{a:.2f} 对 {b:.2f}）。",
        "{p} lead {leads}: persistence hits the AQI level more often ({a:.2f} vs {b:.2f})."),
    "forecast.notbetter.baseline": (
        "{p} 第{leads}天：训练的模型在验证期没有胜过基准方法，发布的是{m}。",
        "{p} lead {leads}: no learned model beat the baselines on validation; {m} is "
        "issued."),
    "forecast.notbetter.nothing": ("回测中各指标各时效均优于持续性。",
                                   "The model beats persistence at every lead."),
    # history
    "forecast.history": ("过去表现：预报与实测", "How good has it been: forecast vs observed"),
    "forecast.history.note": ("已存回测中第{lead}天时效的预报（{a} 至 {b}），阴影为区间。",
                              "Lead-{lead} forecasts of the stored backtest ({a} … {b}); "
                              "shaded: the interval."),
    "forecast.history.summary": ("该时段：级别命中率 {hit}，区间覆盖率 {cover}（{n} 天）。",
                                 "This window: level hit rate {hit}, interval coverage "
                                 "{cover} ({n} days)."),
    "forecast.history.none": ("该地没有已存回测。", "No stored backtest for this place."),
    # retrain
    "forecast.retrain": ("重新训练", "Retrain"),
    "forecast.retrain.cancel": ("停止训练", "Stop training"),
    "forecast.retrain.hint": ("后台训练约需1分钟；完成后新模型立即生效。",
                              "Training runs in the background (about a minute); the new "
                              "model is used as soon as it is done."),
    "forecast.retrain.status": ("训练任务 {id}：{status}，{done}/{total}",
                                "Job {id}: {status}, {done}/{total}"),
    "forecast.retrain.done": ("完成，新版本 {v}", "done, new version {v}"),
    "forecast.retrain.failed": ("原因：{e}", "reason: {e}"),
    "forecast.status.queued": ("排队中", "queued"),
    "forecast.status.running": ("训练中", "running"),
    "forecast.status.done": ("完成", "done"),
    "forecast.status.failed": ("失败", "failed"),
    "forecast.status.cancelled": ("已停止", "cancelled"),
    "forecast.data_note": ("数据：合肥市日均值（aqistudy，真实数据）2013-12 至 2017-01；"
                           "起报日可在此期间回放。",
                           "Data: Hefei city daily means (aqistudy, real data) 2013-12 … "
                           "2017-01; any issue day in that period can be replayed."),
    # any region but Hefei (340100): its daily series, if the data folder holds one
    "forecast.no_history": ("{name}（{where}）的数据中没有逐日城市序列，暂不能预报："
                            "训练模型需要 {days} 天的逐日值（12 个月验证期及其前 60 天）。"
                            "接入逐日或小时监测数据后即可训练。",
                            "{name} ({where}) has no daily city series in its data, so there is "
                            "no forecast yet: a trained model needs {days} days of daily values "
                            "(12 months of validation and 60 days before them). Feed daily or "
                            "hourly observations to train one."),
    "forecast.data_note.region": ("数据：{region}库中的逐日数据（来源见数据目录）；"
                                  "起报日可在其历史期内回放。",
                                  "Data: the daily series of {region} in the store (sources in "
                                  "the data catalogue); any issue day within them can be "
                                  "replayed."),
}
