;;; Batch Emacs 28 + Eglot 1.9 with editors/emacs/trackspec.el as its README says, in a copy of a rudder-cli project:
;;; on a reference in the open tracking plan, what M-? (xref-find-references), C-M-. (xref-find-apropos: workspace
;;; symbols) and M-x eglot-rename ask of the server, the latter applying its edit to every file (visiting the files
;;; not open, saving none). Records the references, the symbols and every project buffer's text, as JSON in
;;; $TRACKSPEC_EMACS_OUT. $TRACKSPEC_FILE: the plan; $TRACKSPEC_LINE, $TRACKSPEC_COL (0-based): the cursor.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH).
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)
(require 'xref)

(defun trackspec-test--items (items)
  (vconcat (mapcar (lambda (item)
                     (let ((location (xref-item-location item)))
                       (list (cons 'file (file-name-nondirectory (xref-location-group location)))
                             (cons 'line (xref-location-line location)))))
                   items)))

(let ((result '()))
  (push (cons 'managed (if (trackspec-test--open (getenv "TRACKSPEC_FILE")) t :json-false)) result)
  (goto-char (point-min))
  (forward-line (string-to-number (getenv "TRACKSPEC_LINE")))
  (forward-char (string-to-number (getenv "TRACKSPEC_COL")))
  (let ((backend (xref-find-backend)))
    (push (cons 'references (trackspec-test--items (xref-backend-references backend (xref-backend-identifier-at-point backend)))) result)
    (push (cons 'symbols (trackspec-test--items (xref-backend-apropos backend (getenv "TRACKSPEC_QUERY")))) result))
  ;; Eglot asks before it edits files not visited ("Server wants to edit: … Proceed?"): the user says y.
  (let ((asked nil))
    (cl-letf (((symbol-function 'y-or-n-p) (lambda (prompt) (setq asked prompt) t)))
      (eglot-rename (getenv "TRACKSPEC_NEW_NAME")))
    (push (cons 'asked (or asked :json-false)) result))
  (push (cons 'buffers
              (mapcar (lambda (buffer)
                        (with-current-buffer buffer
                          (cons (intern (file-name-nondirectory buffer-file-name))
                                (list (cons 'text (buffer-substring-no-properties (point-min) (point-max)))
                                      (cons 'modified (if (buffer-modified-p) t :json-false))))))
                      (seq-filter #'buffer-file-name (buffer-list))))
        result)
  (trackspec-test--write result))
(trackspec-test--stop)
