-- The public surface, declared in dbt, holds together: every model with `access: public` has an
-- enforced contract and is listed by the public_database exposure, and the exposure lists nothing
-- else. A row per breach.
{%- set failures = [] %}
{%- if execute %}
    {%- set public = [] %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.access == 'public' %}
        {%- do public.append(node.unique_id) %}
        {%- if not node.config.contract.enforced %}
            {%- do failures.append(node.name ~ ' is public without an enforced contract') %}
        {%- endif %}
    {%- endfor %}
    {%- set exposed = graph.exposures['exposure.' ~ project_name ~ '.public_database'].depends_on.nodes %}
    {%- for unique_id in public if unique_id not in exposed %}
        {%- do failures.append(unique_id.split('.')[-1] ~ ' is public but not in the public_database exposure') %}
    {%- endfor %}
    {%- for unique_id in exposed if unique_id not in public %}
        {%- do failures.append(unique_id.split('.')[-1] ~ ' is in the public_database exposure but not public') %}
    {%- endfor %}
{%- endif %}
select failure
from (
    select cast(null as string) as failure
    {%- for failure in failures %}
        union all
        select '{{ failure }}' as failure
    {%- endfor %}
) as breaches
where failure is not null
