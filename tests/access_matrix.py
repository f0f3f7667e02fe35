"""The role × route matrix of everything outside the console (#10): for every route and
method, what each kind of person gets. tests/test_access_matrix.py requests every row as
every role, with the objects of tests/url_walk.py's world (they belong to someone else:
another student's order, attempt, submission, daily entry; a course one instructor teaches
and the other does not). The console's matrix is admin_ext/tests/test_console_access.py.

Adding a route: the suite fails with "routes without a row"; add one line per method below,
in its face's block, with the eight outcomes in the order of ROLES:

    ok      2xx                         login   redirect to the sign-in page
    go      redirect elsewhere          verify  redirect to "verify your email"
    400 401 403 404 405 409 410 415     that status (4xx: refused; the body is never read
                                        before the permission check, so a stranger gets 403)

The requests are sent with an empty body (API: `{}`), once per role, each in a savepoint
rolled back afterwards. A POST "ok"/"go" for a role means that role may do it."""

ROLES = (
    "anonymous",
    "unverified",  # a student whose email address is not verified yet
    "student",  # the world's `owner`: owns the order, attempt, submission and daily entry
    "other_student",  # enrolled in the same course, owns none of those
    "other_instructor",  # teaches another course
    "instructor",  # teaches the world's course
    "admin",
    "disabled",  # an admin whose account is inactive
)
OK = "ok"
LOGIN = "login"
VERIFY = "verify"
GO = "go"
OPEN = "open"

# fmt: off
# (anonymous, unverified, student, other_student, other_instructor, instructor, admin, disabled)
#                                              anon   unver  stud   o.stud o.inst instr  admin  disab
MATRIX: dict[str, str] = {
    # --- Public site: health, PWA files, language ----------------------------------------
    "GET healthz":                            "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET set_language":                       "go     go     go     go     go     go     go     go",
    "GET serviceworker":                      "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET manifest":                           "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET offline":                            "ok     ok     ok     ok     ok     ok     ok     ok",
    # --- Sign-in pages (allauth) ---------------------------------------------------------
    "GET account_confirm_email":              "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST account_confirm_email":             "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_login":                      "ok     go     go     go     go     go     go     ok",
    "POST account_login":                     "ok     go     go     go     go     go     go     ok",
    "PUT account_login":                      "ok     go     go     go     go     go     go     ok",
    "GET account_logout":                     "go     ok     ok     ok     ok     ok     ok     go",
    "POST account_logout":                    "go     go     go     go     go     go     go     go",
    "GET account_inactive":                   "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_signup":                     "ok     go     go     go     go     go     go     ok",
    "POST account_signup":                    "ok     go     go     go     go     go     go     ok",
    "PUT account_signup":                     "ok     go     go     go     go     go     go     ok",
    "GET account_reauthenticate":             "login  ok     ok     ok     ok     ok     ok     login",
    "POST account_reauthenticate":            "login  ok     ok     ok     ok     ok     ok     login",
    "PUT account_reauthenticate":             "login  ok     ok     ok     ok     ok     ok     login",
    "GET account_email":                      "login  ok     ok     ok     ok     ok     ok     login",
    "POST account_email":                     "login  go     go     go     go     go     go     login",
    "PUT account_email":                      "login  go     go     go     go     go     go     login",
    "GET account_email_verification_sent":    "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_change_password":            "login  ok     ok     ok     ok     ok     ok     login",
    "POST account_change_password":           "login  ok     ok     ok     ok     ok     ok     login",
    "PUT account_change_password":            "login  ok     ok     ok     ok     ok     ok     login",
    "GET account_set_password":               "login  go     go     go     go     go     go     login",
    "POST account_set_password":              "login  go     go     go     go     go     go     login",
    "PUT account_set_password":               "login  go     go     go     go     go     go     login",
    "GET account_reset_password":             "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST account_reset_password":            "ok     ok     ok     ok     ok     ok     ok     ok",
    "PUT account_reset_password":             "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_confirm_login_code":         "login  go     go     go     go     go     go     login",
    "POST account_confirm_login_code":        "login  go     go     go     go     go     go     login",
    "PUT account_confirm_login_code":         "login  go     go     go     go     go     go     login",
    "GET account_reset_password_from_key_done":"ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_reset_password_from_key":    "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST account_reset_password_from_key":   "ok     ok     ok     ok     ok     ok     ok     ok",
    "PUT account_reset_password_from_key":    "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET account_reset_password_done":        "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET socialaccount_login_cancelled":      "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET socialaccount_login_error":          "401    401    401    401    401    401    401    401",
    "GET socialaccount_signup":               "login  login  login  login  login  login  login  login",
    "POST socialaccount_signup":              "login  login  login  login  login  login  login  login",
    "PUT socialaccount_signup":               "login  login  login  login  login  login  login  login",
    "GET socialaccount_connections":          "login  ok     ok     ok     ok     ok     ok     login",
    "POST socialaccount_connections":         "login  ok     ok     ok     ok     ok     ok     login",
    "PUT socialaccount_connections":          "login  ok     ok     ok     ok     ok     ok     login",
    "GET /accounts/social/login/cancelled/":  "go     go     go     go     go     go     go     go",
    "GET /accounts/social/login/error/":      "go     go     go     go     go     go     go     go",
    "GET /accounts/social/signup/":           "go     go     go     go     go     go     go     go",
    "GET /accounts/social/connections/":      "go     go     go     go     go     go     go     go",
    "GET google_login":                       "404    404    404    404    404    404    404    404",
    "GET google_callback":                    "404    404    404    404    404    404    404    404",
    "GET google_login_by_token":              "404    404    404    404    404    404    404    404",
    "POST google_login_by_token":             "404    404    404    404    404    404    404    404",
    "GET usersessions_list":                  "login  ok     ok     ok     ok     ok     ok     login",
    "POST usersessions_list":                 "login  go     go     go     go     go     go     login",
    "PUT usersessions_list":                  "login  go     go     go     go     go     go     login",
    # --- Student app ---------------------------------------------------------------------
    "GET student_pwa:guest_home":             "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:home":                   "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:onboarding":             "login  go     go     go     go     go     go     login",
    "POST student_pwa:onboarding":            "login  go     go     go     go     go     go     login",
    "GET student_pwa:landing":                "login  go     go     go     go     go     go     login",
    "POST student_pwa:language_set":          "go     go     go     go     go     go     go     go",
    "GET student_pwa:first_admin_setup":      "410    410    410    410    410    410    410    410",
    "POST student_pwa:first_admin_setup":     "410    410    410    410    410    410    410    410",
    "GET student_pwa:profile":                "login  ok     ok     ok     ok     ok     ok     login",
    "POST student_pwa:profile":               "login  ok     ok     ok     ok     ok     ok     login",
    "GET student_pwa:sign_out_everywhere":    "login  ok     ok     ok     ok     ok     ok     login",
    "POST student_pwa:sign_out_everywhere":   "login  login  login  login  login  login  login  login",
    "GET student_pwa:account_delete":         "login  ok     ok     ok     ok     ok     ok     login",
    "POST student_pwa:account_delete":        "login  ok     ok     ok     ok     ok     ok     login",
    "GET student_pwa:email_verify_code":      "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST student_pwa:email_verify_code":     "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:course_list":            "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:course_detail":          "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:instructor_list":        "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:instructor_detail":      "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET student_pwa:teach_apply":            "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:teach_apply":           "login  verify go     ok     go     go     go     login",
    "GET student_pwa:my_courses":             "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:course_roadmap":         "login  verify ok     ok     403    ok     ok     login",
    "GET student_pwa:lesson_detail":          "login  verify ok     ok     403    ok     ok     login",
    "POST student_pwa:task_complete":         "login  verify go     go     403    403    403    login",
    "POST student_pwa:lesson_progress":       "login  verify 400    400    403    400    400    login",
    "GET student_pwa:lesson_file":            "401    403    ok     ok     403    ok     ok     401",
    "GET student_pwa:document_file":          "401    403    ok     ok     403    ok     ok     401",
    "GET student_pwa:course_enroll":          "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:course_enroll":         "login  verify go     go     403    403    403    login",
    "GET student_pwa:order_list":             "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:order_receipt":          "login  verify ok     404    404    404    404    login",
    "GET student_pwa:payment":                "login  verify go     404    404    404    404    login",
    "GET student_pwa:payment_return":         "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:my_assignments":         "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:assignment_detail":      "login  verify ok     ok     404    404    404    login",
    "POST student_pwa:assignment_detail":     "login  verify 400    400    404    404    404    login",
    "GET student_pwa:daily_work":             "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:daily_work":            "login  verify 400    400    400    400    400    login",
    "GET student_pwa:assignment_attachment":  "404    404    ok     ok     404    ok     ok     404",
    "GET student_pwa:submission_file":        "404    404    ok     404    404    ok     ok     404",
    "GET student_pwa:daily_entry_file":       "404    404    ok     404    404    ok     ok     404",
    "GET student_pwa:task_assessment":        "login  verify 404    404    404    404    404    login",
    "POST student_pwa:attempt_start":         "login  verify go     403    403    403    403    login",
    "GET student_pwa:attempt_detail":         "login  verify ok     404    404    404    404    login",
    "POST student_pwa:attempt_answer":        "login  verify go     404    404    404    404    login",
    "POST student_pwa:attempt_submit":        "login  verify go     404    404    404    404    login",
    "POST student_pwa:attempt_events":        "login  verify 400    404    404    404    404    login",
    "GET student_pwa:meetings":               "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:meeting_join":          "login  verify go     go     go     go     go     login",
    "POST student_pwa:calendar_feed_renew":   "login  verify go     go     go     go     go     login",
    # --- Community: course Q&A (enrolled students and the course's staff), groups (members, staff who teach them)
    "GET student_pwa:course_questions":       "login  verify ok     ok     403    ok     ok     login",
    "GET student_pwa:group_detail":           "login  verify ok     404    404    ok     ok     login",
    "GET student_pwa:group_thread":           "login  verify ok     404    404    ok     ok     login",
    "GET student_pwa:my_groups":              "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:question_detail":        "login  verify ok     ok     404    ok     ok     login",
    "POST student_pwa:announcement_create":   "login  verify 403    404    404    go     go     login",
    "POST student_pwa:answer_accept":         "login  verify go     403    404    403    403    login",
    "POST student_pwa:answer_create":         "login  verify go     go     404    go     go     login",
    "POST student_pwa:answer_rate":           "login  verify 400    400    404    400    400    login",
    "POST student_pwa:answer_vote":           "login  verify go     go     404    go     go     login",
    "POST student_pwa:post_flag":             "login  verify go     go     404    go     go     login",
    "POST student_pwa:question_ask":          "login  verify 400    400    403    400    400    login",
    "POST student_pwa:reply_create":          "login  verify go     404    404    go     go     login",
    "POST student_pwa:thread_create":         "login  verify go     404    404    go     go     login",
    # --- AI mentor and résumé: a person's own conversations, projects and PDF
    "GET student_pwa:mentor":                 "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:mentor_conversation":    "login  verify ok     404    404    404    404    login",
    "GET student_pwa:resume":                 "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:resume_pdf":             "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:mentor_ask":            "login  verify go     404    404    404    404    login",
    "POST student_pwa:mentor_delete":         "login  verify go     404    404    404    404    login",
    "POST student_pwa:mentor_new":            "login  verify go     go     go     go     go     login",
    "POST student_pwa:mentor_stream":         "login  verify 400    404    404    404    404    login",
    "POST student_pwa:resume_project_add":    "login  verify go     go     go     go     go     login",
    "POST student_pwa:resume_project_delete": "login  verify go     404    404    404    404    login",
    # --- Notifications (anyone signed in, their own) and chat (members of the conversation:
    # the world's owner and the admin who made it) -----------------------------------------
    "GET student_pwa:notifications":          "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:notification_read":     "login  verify go     go     go     go     go     login",
    "GET student_pwa:notification_preferences":"login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:notification_preferences":"login verify go     go     go     go     go     login",
    "GET student_pwa:chat":                   "login  verify ok     ok     ok     ok     ok     login",
    "POST student_pwa:chat_start":            "login  verify 404    404    404    404    404    login",
    "GET student_pwa:chat_conversation":      "login  verify ok     404    404    404    ok     login",
    "POST student_pwa:chat_send":             "login  verify go     404    404    404    go     login",
    "GET student_pwa:chat_attachment":        "login  verify ok     404    404    404    ok     login",
    # Staff of the conversation only (the admin who made it): a member who is not staff 403.
    "POST student_pwa:chat_member_mute":      "login  verify 403    404    404    404    go     login",
    "POST student_pwa:chat_member_remove":    "login  verify 403    404    404    404    go     login",
    # --- Points and certificates: anyone signed in sees boards of their own courses and groups;
    # a certificate's PDF is its owner's (and admins'); verification is public
    "GET student_pwa:leaderboard":            "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:my_points":              "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:my_certificates":        "login  verify ok     ok     ok     ok     ok     login",
    "GET student_pwa:certificate_download":   "login  404    ok     404    404    404    ok     login",
    "GET student_pwa:certificate_verify":     "ok     ok     ok     ok     ok     ok     ok     ok",
    # --- API (/api/v1/, schema, docs); sessions and JWT resolve the same person ----------
    "POST api:auth-register":                 "400    400    400    400    400    400    400    400",
    "POST api:auth-token":                    "400    400    400    400    400    400    400    400",
    "POST api:auth-token-refresh":            "400    400    400    400    400    400    400    400",
    "POST api:auth-logout":                   "400    400    400    400    400    400    400    400",
    "POST api:auth-email-verify":             "400    400    400    400    400    400    400    400",
    "POST api:auth-email-resend":             "400    400    400    400    400    400    400    400",
    "POST api:auth-password-reset":           "400    400    400    400    400    400    400    400",
    "POST api:auth-password-reset-confirm":   "400    400    400    400    400    400    400    400",
    "GET api:me":                             "401    403    ok     ok     ok     ok     ok     401",
    "PATCH api:me":                           "401    403    ok     ok     ok     ok     ok     401",
    "POST api:me-password":                   "401    403    400    400    400    400    400    401",
    "GET api:course-list":                    "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET api:course-detail":                  "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET api:instructor-list":                "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST api:authoring-course-create":       "401    403    403    403    400    400    400    401",
    "PATCH api:authoring-course-update":      "401    403    403    403    403    ok     ok     401",
    "POST api:authoring-course-submit":       "401    403    403    403    403    409    409    401",
    "POST api:authoring-course-approve":      "401    403    403    403    403    403    409    401",
    "POST api:authoring-course-reject":       "401    403    403    403    403    403    400    401",
    "POST api:authoring-course-publish":      "401    403    403    403    403    403    ok     401",
    "POST api:authoring-course-unpublish":    "401    403    403    403    403    403    ok     401",
    "POST api:authoring-module-create":       "401    403    403    403    403    400    400    401",
    "POST api:authoring-module-reorder":      "401    403    403    403    403    400    400    401",
    "PATCH api:authoring-module-detail":      "401    403    403    403    403    ok     ok     401",
    "DELETE api:authoring-module-detail":     "401    403    403    403    403    ok     ok     401",
    "POST api:authoring-lesson-create":       "401    403    403    403    403    400    400    401",
    "PATCH api:authoring-lesson-detail":      "401    403    403    403    403    ok     ok     401",
    "DELETE api:authoring-lesson-detail":     "401    403    403    403    403    ok     ok     401",
    "POST api:authoring-task-create":         "401    403    403    403    403    400    400    401",
    "PATCH api:authoring-task-detail":        "401    403    403    403    403    ok     ok     401",
    "DELETE api:authoring-task-detail":       "401    403    403    403    403    ok     ok     401",
    "GET api:my-course-list":                 "401    403    ok     ok     ok     ok     ok     401",
    "GET api:course-roadmap":                 "401    403    ok     ok     403    ok     ok     401",
    "GET api:lesson-detail":                  "401    403    ok     ok     403    ok     ok     401",
    "POST api:lesson-progress":               "401    403    400    400    403    400    400    401",
    "POST api:task-complete":                 "401    403    ok     ok     403    403    403    401",
    "POST api:coupon-quote":                  "401    403    400    400    400    400    400    401",
    # Staff do not enroll (lms.learning.services.enrollment_refuse_staff): 403 staff_cannot_enroll.
    "POST api:course-enroll":                 "401    403    409    409    403    403    403    401",
    "POST api:payment-order":                 "401    403    400    400    400    400    400    401",
    "POST api:payment-razorpay-verify":       "401    403    400    400    400    400    400    401",
    "POST api:payment-stripe-session":        "401    403    400    400    400    400    400    401",
    "POST api:payment-webhook-razorpay":      "404    404    404    404    404    404    404    404",
    "POST api:payment-webhook-stripe":        "404    404    404    404    404    404    404    404",
    "GET api:my-orders":                      "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-order":                       "401    403    ok     404    404    404    404    401",
    "POST api:authoring-user-import-create":  "401    403    403    403    403    403    415    401",
    "GET api:authoring-user-import-detail":   "401    403    403    403    403    403    ok     401",
    "GET api:my-assignment-list":             "401    403    ok     ok     ok     ok     ok     401",
    "POST api:submission-create":             "401    403    400    400    403    403    403    401",
    "GET api:my-submission-detail":           "401    403    ok     404    404    404    404    401",
    "GET api:my-daily-work":                  "401    403    ok     ok     ok     ok     ok     401",
    "PUT api:daily-work-today":               "401    403    400    400    400    400    400    401",
    "GET api:my-streak":                      "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-dashboard":                   "401    403    ok     ok     ok     ok     ok     401",
    "POST api:authoring-assignment-create":   "401    403    403    403    400    400    400    401",
    "POST api:authoring-submission-review":   "401    403    403    403    404    400    400    401",
    "POST api:attempt-start":                 "401    403    ok     403    403    403    403    401",
    "GET api:attempt-detail":                 "401    403    ok     404    404    404    404    401",
    "PUT api:attempt-answer":                 "401    403    400    404    404    404    404    401",
    "POST api:attempt-submit":                "401    403    ok     404    404    404    404    401",
    "POST api:attempt-events":                "401    403    400    404    404    404    404    401",
    "GET api:my-notification-list":           "401    403    ok     ok     ok     ok     ok     401",
    "POST api:my-notification-read":          "401    403    400    400    400    400    400    401",
    "GET api:my-notification-preferences":    "401    403    ok     ok     ok     ok     ok     401",
    "PUT api:my-notification-preferences":    "401    403    400    400    400    400    400    401",
    "POST api:push-subscriptions":            "401    403    400    400    400    400    400    401",
    "GET api:conversation-list":              "401    403    ok     ok     ok     ok     ok     401",
    "POST api:conversation-list":             "401    403    400    400    400    400    400    401",
    "GET api:conversation-messages":          "401    403    ok     404    404    404    ok     401",
    "POST api:conversation-messages":         "401    403    400    404    404    404    400    401",
    "POST api:conversation-read":             "401    403    ok     404    404    404    ok     401",
    "GET api:conversation-message-attachment":"401    403    ok     404    404    404    ok     401",
    "POST api:conversation-member-mute":      "401    403    403    404    404    404    ok     401",
    "POST api:conversation-member-remove":    "401    403    403    404    404    404    ok     401",
    "GET api:authoring-questions":            "401    403    403    403    ok     ok     ok     401",
    "POST api:authoring-assessments":         "401    403    403    403    400    400    400    401",
    "PATCH api:authoring-assessment":         "401    403    403    403    403    403    ok     401",
    "POST api:authoring-question-imports":    "401    403    403    403    415    415    415    401",
    "GET api:my-meeting-list":                "401    403    ok     ok     ok     ok     ok     401",
    "POST api:meeting-join":                  "401    403    409    409    403    403    403    401",
    "GET api:calendar-feed":                  "404    404    404    404    404    404    404    404",
    "POST api:authoring-meeting-create":      "401    403    403    403    403    403    400    401",
    "GET api:authoring-attendance-csv":       "401    403    403    403    403    403    ok     401",
    "GET api-schema":                         "ok     ok     ok     ok     ok     ok     ok     ok",
    "GET api-docs":                           "ok     ok     ok     ok     ok     ok     ok     ok",
    # Community API: course Q&A and groups
"GET api:course-question-list":           "401    403    ok     ok     403    ok     ok     401",
    "GET api:group-announcement-list":        "401    403    ok     404    404    ok     ok     401",
    "GET api:group-thread-list":              "401    403    ok     404    404    ok     ok     401",
    "GET api:group-thread-replies":           "401    403    ok     404    404    ok     ok     401",
    "GET api:my-group-list":                  "401    403    ok     ok     ok     ok     ok     401",
    "GET api:question-detail":                "401    403    ok     ok     404    ok     ok     401",
    "POST api:answer-accept":                 "401    403    ok     403    404    403    403    401",
    "POST api:answer-create":                 "401    403    400    400    404    400    400    401",
    "POST api:answer-rating":                 "401    403    400    400    404    400    400    401",
    "POST api:answer-vote":                   "401    403    400    400    404    400    400    401",
    "POST api:course-question-list":          "401    403    400    400    403    400    400    401",
    "POST api:group-thread-list":             "401    403    400    404    404    400    400    401",
    "POST api:group-thread-replies":          "401    403    400    404    404    400    400    401",
    "POST api:post-flag":                     "401    403    ok     ok     404    ok     ok     401",
    # AI mentor and résumé: a person's own conversations, projects and PDF (API)
"DELETE api:mentor-conversation-detail":  "401    403    ok     404    404    404    404    401",
    "DELETE api:resume-project-delete":       "401    403    ok     404    404    404    404    401",
    "GET api:mentor-conversation-detail":     "401    403    ok     404    404    404    404    401",
    "GET api:mentor-conversation-list":       "401    403    ok     ok     ok     ok     ok     401",
    "GET api:resume-pdf":                     "401    403    ok     ok     ok     ok     ok     401",
    "GET api:resume-project-list":            "401    403    ok     ok     ok     ok     ok     401",
    "POST api:mentor-conversation-list":      "401    403    ok     ok     ok     ok     ok     401",
    "POST api:mentor-message-create":         "401    403    400    404    404    404    404    401",
    "POST api:mentor-message-stream":         "401    403    400    404    404    404    404    401",
    "POST api:resume-project-list":           "401    403    400    400    400    400    400    401",
    # Points and certificates API: one's own points, badges, level and certificates; boards of
    # one's courses and groups; adjustments by admins; verification is public
    "GET api:leaderboard":                    "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-points":                      "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-badges":                      "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-level":                       "401    403    ok     ok     ok     ok     ok     401",
    "GET api:my-certificates":                "401    403    ok     ok     ok     ok     ok     401",
    "GET api:certificate-verify":             "ok     ok     ok     ok     ok     ok     ok     ok",
    "POST api:points-adjustment-create":      "401    403    403    403    403    403    400    401",
}
# fmt: on

# Routes that take a state-changing request without the CSRF token from a signed-in browser,
# each with the reason. Every other POST/PUT/PATCH/DELETE must answer 403 to one.
_JWT_ONLY = (
    "API sign-in endpoint: no session authentication (authentication_classes = []); the "
    "credential is in the body, so a forged cross-site request carries nothing of the victim's"
)
_WEBHOOK = "payment gateway webhook: authenticated by the gateway's signature, not a session"
CSRF_EXEMPT: dict[str, str] = {
    "api:auth-register": _JWT_ONLY,
    "api:auth-token": _JWT_ONLY,
    "api:auth-token-refresh": _JWT_ONLY,
    "api:auth-logout": _JWT_ONLY + " (it revokes the refresh token it is sent)",
    "api:auth-email-verify": _JWT_ONLY + " (the code is the credential)",
    "api:auth-email-resend": _JWT_ONLY,
    "api:auth-password-reset": _JWT_ONLY,
    "api:auth-password-reset-confirm": _JWT_ONLY + " (the reset key is the credential)",
    "api:payment-webhook-razorpay": _WEBHOOK,
    "api:payment-webhook-stripe": _WEBHOOK,
    # allauth's Google One Tap endpoint is csrf_exempt by design: Google posts the ID token
    # with its own double-submit token (g_csrf_token cookie == form field), which allauth
    # checks, and the ID token is verified against Google's keys.
    "google_login_by_token": "Google One Tap: its own double-submit token and a signed ID token",
}

# WebSocket routes (config/routing.py): "open" when the socket is accepted, else the close
# code (4401: not signed in; 4403: email not verified, or not a member; see
# lms/accounts/websocket.py).
# fmt: off
SOCKETS: dict[str, str] = {
    "/ws/notifications/": "4401   4403   open   open   open   open   open   4401",
    # Members only (the world's conversation: its owner and the admin who made it).
    "/ws/chat/<int:conversation_id>/": "4401 4403 open 4403   4403   4403   open   4401",
}
# fmt: on

# Objects of someone else, by path (beyond the one path per route above): a locked lesson,
# an unpublished course, another student's calendar feed. name -> (method, path, outcomes).
# fmt: off
OBJECT_CASES: dict = {
    "locked lesson page": (
        "GET", lambda w: f"/app/courses/{w.course.slug}/lessons/{w.locked_lesson.pk}/",
        "login  verify 403    403    403    ok     ok     login"),
    "locked lesson, API": (
        "GET", lambda w: f"/api/v1/me/courses/{w.course.slug}/lessons/{w.locked_lesson.pk}/",
        "401    403    403    403    403    ok     ok     401"),
    "task of a locked lesson, completed through the API": (
        "POST", lambda w: f"/api/v1/tasks/{w.locked_task.pk}/complete/",
        "401    403    403    403    403    403    403    401"),
    "task of a locked lesson, completed in the app": (
        "POST", lambda w: f"/app/tasks/{w.locked_task.pk}/complete/",
        "login  verify 403    403    403    403    403    login"),
    "document of a locked lesson": (
        "GET", lambda w: f"/app/files/documents/{w.locked_document.pk}/",
        "401    403    403    403    403    ok     ok     401"),
    "document of another course's lesson": (
        "GET", lambda w: f"/app/files/documents/{w.other_document.pk}/",
        "401    403    403    403    ok     403    ok     401"),
    "unpublished course, public page": (
        "GET", lambda w: f"/courses/{w.draft_course.slug}/",
        "404    404    404    404    404    ok     ok     404"),
    "unpublished course, API": (
        "GET", lambda w: f"/api/v1/courses/{w.draft_course.slug}/",
        "404    404    404    404    404    ok     ok     404"),
    "quiz of a course the person does not study": (
        "GET", lambda w: f"/app/tasks/{w.objects['assessments.assessment'].task_id}/assessment/",
        "login  verify ok     403    403    403    ok     login"),
    "subtitles that do not exist": (
        "GET", lambda w: f"/app/files/lessons/{w.lesson.pk}/subtitles/",
        "404    404    404    404    404    404    404    404"),
    # Enrolled before it was unpublished: the student keeps studying it (catalog's rule).
    "unpublished course, roadmap": (
        "GET", lambda w: f"/app/courses/{w.draft_course.slug}/",
        "login  verify ok     403    403    ok     ok     login"),
    "unpublished course, lesson": (
        "GET", lambda w: f"/app/courses/{w.draft_course.slug}/lessons/{w.draft_lesson.pk}/",
        "login  verify ok     403    403    ok     ok     login"),
    "unpublished course, enrol through the API": (
        "POST", lambda w: f"/api/v1/courses/{w.draft_course.slug}/enroll",
        "401    403    404    404    404    404    404    401"),
    # The token in the address is the feed's only credential (renewing it revokes it).
    "another student's calendar feed, by its token": (
        "GET", lambda w: f"/api/v1/me/calendar.ics?token={w.owner_feed.token}",
        "ok     ok     ok     ok     ok     ok     ok     ok"),
    "a disabled person's calendar feed": (
        "GET", lambda w: f"/api/v1/me/calendar.ics?token={w.disabled_feed.token}",
        "404    404    404    404    404    404    404    404"),
}
# fmt: on


def row_outcome(row: str, role: str) -> str:
    return row.split()[ROLES.index(role)]


def expected(key: str, role: str) -> str:
    return row_outcome(MATRIX[key], role)
